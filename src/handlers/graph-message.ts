import { htmlToText } from '../shared/index.js';

/** A mail address with its display name. */
export interface MailAddress {
  name: string | null;
  address: string;
}

/** A mail body as Graph gives it, with the text version ms-inbox derives from HTML. */
export interface EmailBody {
  contentType: 'html' | 'text';
  /** The HTML, or null for a text mail. */
  html: string | null;
  text: string;
}

/** One internet message header, as Graph lists it. */
export interface MailHeader {
  name: string;
  value: string;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** A string property; null when absent or not a string. */
export function readString(message: Readonly<Record<string, unknown>>, key: string): string | null {
  const value = message[key];
  return typeof value === 'string' ? value : null;
}

/** A Graph recipient (`{ emailAddress: { name, address } }`); null when it has no address. */
export function readAddress(value: unknown): MailAddress | null {
  const inner = isRecord(value) && isRecord(value.emailAddress) ? value.emailAddress : null;
  const address = typeof inner?.address === 'string' ? inner.address.trim() : '';
  if (address === '') return null;
  const name = typeof inner?.name === 'string' && inner.name.trim() !== '' ? inner.name.trim() : null;
  return { name, address };
}

/** A Graph recipient list. */
export function readAddresses(value: unknown): MailAddress[] {
  if (!Array.isArray(value)) return [];
  return value.map(readAddress).filter((a): a is MailAddress => a !== null);
}

/** A Graph `itemBody` (`{ contentType, content }`); null when absent. */
export function readBody(value: unknown): EmailBody | null {
  if (!isRecord(value) || typeof value.content !== 'string') return null;
  const isHtml = typeof value.contentType === 'string' && value.contentType.toLowerCase() === 'html';
  return isHtml
    ? { contentType: 'html', html: value.content, text: htmlToText(value.content) }
    : { contentType: 'text', html: null, text: value.content };
}

/** Graph's `internetMessageHeaders`. */
export function readHeaders(value: unknown): MailHeader[] {
  if (!Array.isArray(value)) return [];
  return value
    .filter(isRecord)
    .filter((h) => typeof h.name === 'string')
    .map((h) => ({ name: h.name as string, value: typeof h.value === 'string' ? h.value : '' }));
}
