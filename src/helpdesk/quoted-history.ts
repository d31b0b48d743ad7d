/**
 * Where mail clients start the quoted history of a reply in HTML: Outlook (web and desktop), Gmail,
 * Apple Mail, Thunderbird, Yahoo. The reply is what comes before the earliest marker.
 */
const htmlMarkers: RegExp[] = [
  /<div[^>]+id=["']?divRplyFwdMsg/i,
  /<div[^>]+id=["']?appendonsend/i,
  /<hr[^>]+id=["']?stopSpelling/i,
  /<div[^>]+style=["'][^"']*border-top:\s*solid\s+#(?:E1E1E1|B5C4DF)/i,
  /<div[^>]+class=["']?gmail_quote/i,
  /<blockquote[^>]+type=["']?cite/i,
  /<div[^>]+class=["']?moz-cite-prefix/i,
  /<div[^>]+class=["']?yahoo_quoted/i,
];

/** Lines that open the quoted history in a text body, in the languages our users write in. */
const textMarkers: RegExp[] = [
  /^On .{4,200} wrote:\s*$/,
  /^(Am|Le|El|Il|Op|Den|På) .{4,200}(schrieb|a écrit|escribió|ha scritto|schreef|skrev).{0,80}:\s*$/,
  /^-{2,}\s*(Original Message|Ursprüngliche Nachricht|Ursprungligt meddelande|Message d'origine)\s*-{2,}/i,
  /^_{20,}\s*$/,
];

/** An Outlook-style header block: `From:` followed within three lines by `Sent:` or `Date:` (any language). */
const headerFrom = /^(From|Från|Von|De|Van|Fra|Lähettäjä|Od):\s.+$/;
const headerSent =
  /^(Sent|Date|Skickat|Datum|Gesendet|Envoyé|Verzonden|Sendt|Lähetetty|Wysłano|Enviado|Inviato):\s/;

function opensQuote(lines: string[], index: number): boolean {
  const line = (lines[index] ?? '').trim();
  if (textMarkers.some((marker) => marker.test(line))) return true;
  if (!headerFrom.test(line)) return false;
  return lines.slice(index + 1, index + 4).some((next) => headerSent.test(next.trim()));
}

/** Keeps what comes before the quoted history of an HTML reply; the whole body when nothing new precedes it. */
export function trimQuotedHtml(html: string): string {
  const cut = Math.min(...htmlMarkers.map((marker) => marker.exec(html)?.index ?? html.length));
  const reply = html.slice(0, cut);
  return hasVisibleText(reply) ? reply : html;
}

/** Keeps what comes before the quoted history of a text reply (and drops trailing `>` lines). */
export function trimQuotedText(text: string): string {
  const lines = text.split(/\r?\n/);
  const markerAt = lines.findIndex((_, index) => opensQuote(lines, index));
  const kept = markerAt === -1 ? lines : lines.slice(0, markerAt);
  while (kept.length > 0 && /^\s*(>.*)?$/.test(kept[kept.length - 1] ?? '')) kept.pop();
  const reply = kept.join('\n').trim();
  return reply === '' ? text.trim() : reply;
}

function hasVisibleText(html: string): boolean {
  const withoutTags = html
    .replace(/<(head|style|script)\b[\s\S]*?<\/\1\s*>/gi, '')
    .replace(/<[^>]*>/g, '')
    .replace(/&nbsp;|\s/gi, '');
  return withoutTags.length > 0 || /<img\b/i.test(html);
}
