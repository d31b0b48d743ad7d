const blockEnds = /<\/(p|div|li|tr|h[1-6]|blockquote|table|pre)\s*>|<br\s*\/?>|<hr[^>]*>/gi;
const hidden = /<(head|style|script|title)\b[\s\S]*?<\/\1\s*>/gi;

const namedEntities: Record<string, string> = {
  nbsp: ' ',
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
};

/** Decodes the few named entities mail bodies use plus every numeric one. */
export function decodeHtmlEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, entity: string) => {
    if (entity.startsWith('#x') || entity.startsWith('#X'))
      return fromCodePoint(parseInt(entity.slice(2), 16), whole);
    if (entity.startsWith('#')) return fromCodePoint(parseInt(entity.slice(1), 10), whole);
    return namedEntities[entity.toLowerCase()] ?? whole;
  });
}

/** Plain text of an HTML mail body: hidden parts dropped, blocks on their own lines, entities decoded. */
export function htmlToText(html: string): string {
  const withBreaks = html
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(hidden, '')
    .replace(blockEnds, '\n');
  const text = decodeHtmlEntities(withBreaks.replace(/<[^>]*>/g, ''));
  return text
    .split('\n')
    .map((line) => line.replace(/[ \t\u00a0]+/g, ' ').trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** Minimal HTML of a text body, for notes kept as HTML when the mail had none. */
export function textToHtml(text: string): string {
  const escaped = text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return escaped
    .split(/\n{2,}/)
    .map((paragraph) => `<p>${paragraph.replace(/\n/g, '<br>')}</p>`)
    .join('\n');
}

function fromCodePoint(code: number, fallback: string): string {
  return Number.isInteger(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : fallback;
}
