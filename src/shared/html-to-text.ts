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

const replacementCharacter = '\ufffd';

// HTML's numeric character reference end state maps C1 controls to the windows-1252 characters
// authors meant (html.spec.whatwg.org, "numeric character reference end state"); 0x81, 0x8D, 0x8F,
// 0x90 and 0x9D stay as they are.
const windows1252: Record<number, number> = {
  0x80: 0x20ac,
  0x82: 0x201a,
  0x83: 0x0192,
  0x84: 0x201e,
  0x85: 0x2026,
  0x86: 0x2020,
  0x87: 0x2021,
  0x88: 0x02c6,
  0x89: 0x2030,
  0x8a: 0x0160,
  0x8b: 0x2039,
  0x8c: 0x0152,
  0x8e: 0x017d,
  0x91: 0x2018,
  0x92: 0x2019,
  0x93: 0x201c,
  0x94: 0x201d,
  0x95: 0x2022,
  0x96: 0x2013,
  0x97: 0x2014,
  0x98: 0x02dc,
  0x99: 0x2122,
  0x9a: 0x0161,
  0x9b: 0x203a,
  0x9c: 0x0153,
  0x9e: 0x017e,
  0x9f: 0x0178,
};

/**
 * The character a numeric reference stands for, as the HTML spec decodes it: 0, surrogates and
 * anything past U+10FFFF become U+FFFD (never an exception), C1 controls their windows-1252 meaning.
 */
function fromCodePoint(code: number): string {
  if (!Number.isSafeInteger(code) || code === 0 || code > 0x10ffff) return replacementCharacter;
  if (code >= 0xd800 && code <= 0xdfff) return replacementCharacter;
  return String.fromCodePoint(windows1252[code] ?? code);
}

/** Decodes the few named entities mail bodies use plus every numeric one. */
export function decodeHtmlEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, entity: string) => {
    if (entity.startsWith('#x') || entity.startsWith('#X'))
      return fromCodePoint(parseInt(entity.slice(2), 16));
    if (entity.startsWith('#')) return fromCodePoint(parseInt(entity.slice(1), 10));
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
