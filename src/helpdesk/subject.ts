import { withoutNumberTags } from './helpdesk-number.js';

/** Reply and forward prefixes of common mail clients and languages (`Re:`, `SV:`, `AW:`, `Fwd:`, `RE[2]:`). */
const prefixes =
  /^\s*(?:(?:re|fw|fwd|sv|vs|vb|aw|wg|tr|rv|ref|antw|doorst|odp|pd|vl|ynt)\s*(?:\[\d+\])?\s*:\s*)+/i;

/** True when the subject starts with a reply or forward prefix. */
export function looksLikeReply(subject: string): boolean {
  return prefixes.test(subject);
}

/** The title of a helpdesk made from a subject: no reply prefixes, no `[number]` tags. */
export function helpdeskTitle(subject: string): string {
  const title = withoutNumberTags(subject.replace(prefixes, '')).replace(/\s+/g, ' ').trim();
  return title === '' ? '(no subject)' : title;
}
