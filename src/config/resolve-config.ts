import { ConfigInvalid } from '../errors/index.js';
import { defaultInboxSettings, resolveApplication } from './application.js';
import type { Problems } from './problems.js';
import type { SelectedSections } from './select-application.js';
import { resolveServerSettings } from './server-settings.js';
import type { AppConfig, LoadedConfig } from './types.js';

/** Everything outside the file that resolution depends on, with defaults already applied. */
export interface ResolveContext {
  app: string | undefined;
  env: NodeJS.ProcessEnv;
  cwd: string;
  now: Date;
}

/** Turns the selected sections into the frozen config, or throws `ConfigInvalid` listing every error. */
export function resolveConfig(
  sections: SelectedSections,
  source: { name: string; path: string | null },
  context: ResolveContext,
  problems: Problems,
): LoadedConfig {
  const application =
    sections.application === null
      ? { inbox: defaultInboxSettings, clients: [] }
      : resolveApplication(sections.application.name, sections.application.section, context, problems);
  const server = resolveServerSettings(sections.server, context, problems);
  if (problems.errors.length > 0) {
    throw ConfigInvalid.create({
      source: source.name,
      problems: problems.errors,
      warnings: problems.warnings,
    });
  }
  const config: AppConfig = {
    application: sections.application?.name ?? null,
    sourcePath: source.path,
    inbox: application.inbox,
    clients: application.clients,
    server,
  };
  return { config: deepFreeze(config), warnings: problems.warnings };
}

/** Freezes an object and everything reachable from it, so no module can change the configuration. */
function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
