import { htmlToText } from '../../shared/index.js';

/** Wraps plain text into the minimal HTML Outlook produces for text bodies. */
export function textToHtml(text: string): string {
  const escaped = text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return `<html><head>\r\n<meta http-equiv="Content-Type" content="text/html; charset=utf-8"></head><body><div>${escaped.replace(/\r?\n/g, '<br>')}</div></body></html>`;
}

/** The first 255 characters of the body as text, whitespace collapsed (message resource: bodyPreview). */
export function bodyPreview(body: string, isHtml: boolean): string {
  const text = isHtml ? htmlToText(body) : body;
  return text.replace(/\s+/g, ' ').trim().slice(0, 255);
}
