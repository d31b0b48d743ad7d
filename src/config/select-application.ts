import { filePath, isMapping, type Problems } from './problems.js';
import { isPlaceholder } from './schema.js';

/** The top-level key that holds server settings and is never an application. */
export const serverKey = 'server';

/** The chosen application's section and the `server:` section of a parsed file. */
export interface SelectedSections {
  application: { name: string; section: unknown } | null;
  server: unknown;
}

/** Picks the application (`app`, or the only one) and the `server:` section from the file's top level. */
export function selectApplication(
  data: unknown,
  app: string | undefined,
  problems: Problems,
): SelectedSections {
  if (data === null || data === undefined) {
    problems.error(
      filePath,
      'is empty: expected a top-level key named after your application (see docs/configuration.md)',
    );
    return { application: null, server: undefined };
  }
  if (!isMapping(data)) {
    problems.error(filePath, 'must be a mapping whose top-level key is the name of your application');
    return { application: null, server: undefined };
  }
  const server = data[serverKey];
  const names = Object.keys(data).filter((key) => key !== serverKey);
  const name = chooseName(names, app, problems);
  if (name === undefined) return { application: null, server };
  if (isPlaceholder(name)) {
    problems.warn(
      filePath,
      `the application name ${name} is still the placeholder from the example; replace it`,
    );
  }
  return { application: { name, section: data[name] }, server };
}

function chooseName(names: string[], app: string | undefined, problems: Problems): string | undefined {
  const listed = names.map((name) => `"${name}"`).join(', ');
  if (names.length === 0) {
    problems.error(
      filePath,
      'holds no application: add a top-level key named after your application, with config.limepkg_ms_inbox under it',
    );
    return undefined;
  }
  if (app !== undefined) {
    if (names.includes(app)) return app;
    problems.error(filePath, `has no application "${app}"; it holds ${listed}`);
    return undefined;
  }
  if (names.length > 1) {
    problems.error(
      filePath,
      `holds ${names.length} applications (${listed}); choose one with the app option (--app or MS_INBOX_APP)`,
    );
    return undefined;
  }
  return names[0];
}
