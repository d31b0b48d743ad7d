import { join } from 'node:path';

/** Where a store lives: an SQLite file or a PostgreSQL server. */
type DatabaseTarget = { dialect: 'sqlite'; filename: string } | { dialect: 'postgres'; url: string };

/** File name of the SQLite database inside the data directory. */
const sqliteFileName = 'ms-inbox.db';

/** Picks the dialect from the configured URL: none means SQLite in `dataDir`; null for an unsupported URL. */
export function resolveDatabaseTarget(databaseUrl: string | null, dataDir: string): DatabaseTarget | null {
  const url = databaseUrl?.trim() ?? '';
  if (url === '') return { dialect: 'sqlite', filename: join(dataDir, sqliteFileName) };
  if (/^postgres(ql)?:\/\//i.test(url)) return { dialect: 'postgres', url };
  return null;
}

/** The URL with its password replaced by `***`, safe for logs and error messages. */
export function redactDatabaseUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== '') parsed.password = '***';
    for (const key of [...parsed.searchParams.keys()]) {
      if (/pass|secret|token/i.test(key)) parsed.searchParams.set(key, '***');
    }
    return parsed.toString();
  } catch {
    const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url)?.[1];
    return scheme === undefined ? '(unparseable URL)' : `${scheme}://(unparseable URL)`;
  }
}

/** Removes the URL (and its password, raw or decoded) from a text such as a driver's error message. */
export function redactPasswordIn(text: string, url: string): string {
  let redacted = text.split(url).join(redactDatabaseUrl(url));
  for (const secret of passwordForms(url)) redacted = redacted.split(secret).join('***');
  return redacted;
}

function passwordForms(url: string): string[] {
  try {
    const raw = new URL(url).password;
    if (raw === '') return [];
    try {
      return [raw, decodeURIComponent(raw)];
    } catch {
      return [raw];
    }
  } catch {
    return [];
  }
}
