import { stringify } from 'yaml';
import { Secret } from './secret.js';
import type { AppConfig } from './types.js';

/** What every secret is shown as; nothing of the value (not even its length) is shown. */
const maskedSecret = '****';

/** Renders the resolved configuration as YAML with every secret masked, for `ms-inbox config check`. */
export function formatResolvedConfig(config: AppConfig): string {
  return stringify(
    {
      ...config,
      server: { ...config.server, databaseUrl: maskUrlPassword(config.server.databaseUrl) },
    },
    (_key, value: unknown) => (value instanceof Secret ? maskedSecret : value),
  );
}

/** Hides the password of a database URL, which is a secret even though the URL as a whole is not. */
function maskUrlPassword(url: string | null): string | null {
  if (url === null || !URL.canParse(url)) return url;
  const parsed = new URL(url);
  if (parsed.password === '') return url;
  parsed.password = maskedSecret;
  return parsed.toString();
}
