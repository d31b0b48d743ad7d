// Names are letters, digits, `_`, `.` and `-` (the seed's example uses `$$my.custom.merge_code$$`).
const codePattern = /\$\$([A-Za-z0-9_.-]{1,100})\$\$/g;

/** The lower-cased bare name of a merge code, whether written `$$name$$` or `name`. */
function mergeCodeName(code: string): string {
  return code.replace(/^\$\$|\$\$$/g, '').toLowerCase();
}

/** The codes keyed by bare lower-cased name; later sources win. */
export function indexMergeCodes(
  ...sources: ReadonlyArray<Record<string, string> | undefined>
): Map<string, string> {
  const index = new Map<string, string>();
  for (const source of sources) {
    for (const [code, value] of Object.entries(source ?? {})) index.set(mergeCodeName(code), String(value));
  }
  return index;
}

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

/**
 * Replaces `$$code$$` in one pass (a value containing `$$…$$` is not expanded again) as plain text; `html`
 * escapes the values, so a customer's subject cannot add markup. Unknown codes stay as written, so a template
 * mistake shows in the history note instead of silently vanishing.
 */
export function replaceMergeCodes(
  template: string,
  codes: ReadonlyMap<string, string> | Record<string, string>,
  options: { html?: boolean } = {},
): string {
  const index = codes instanceof Map ? codes : indexMergeCodes(codes as Record<string, string>);
  return template.replace(codePattern, (whole, name: string) => {
    const value = index.get(name.toLowerCase());
    if (value === undefined) return whole;
    return options.html ? escapeHtml(value) : value;
  });
}
