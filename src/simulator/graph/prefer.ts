/** The `Prefer` request-header options the simulator honours. */
export interface Preferences {
  immutableIds: boolean;
  bodyContentType: 'html' | 'text' | undefined;
  maxPageSize: number | undefined;
}

/**
 * Parses `Prefer`, which may carry several comma-separated preferences, e.g.
 * `outlook.body-content-type="text", IdType="ImmutableId", odata.maxpagesize=50` (message-get, delta docs).
 */
export function parsePrefer(header: string | string[] | undefined): Preferences {
  const raw = Array.isArray(header) ? header.join(',') : (header ?? '');
  const out: Preferences = { immutableIds: false, bodyContentType: undefined, maxPageSize: undefined };
  for (const part of raw.match(/(?:[^,"]+|"[^"]*")+/g) ?? []) {
    const [name = '', ...rest] = part.split('=');
    const key = name.trim().toLowerCase();
    const value = rest.join('=').trim().replace(/^"|"$/g, '');
    if (key === 'idtype' && value.toLowerCase() === 'immutableid') out.immutableIds = true;
    if (key === 'outlook.body-content-type') {
      const type = value.toLowerCase();
      if (type === 'text' || type === 'html') out.bodyContentType = type;
    }
    if (key === 'odata.maxpagesize') {
      const n = Number.parseInt(value, 10);
      if (n > 0) out.maxPageSize = n;
    }
  }
  return out;
}
