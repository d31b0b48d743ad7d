/**
 * Whether an attachment is shown inside the body. Graph's `isInline` is not the truth (DESIGN §9): clients
 * flag real attachments inline (a PDF sent with `Content-Disposition: inline`, which Graph reports as
 * `isInline: true`) and embed images without the flag. So the HTML decides, whatever the flag says: an
 * attachment is inline when the body references `cid:<contentId>`.
 */
export function isShownInline(attachment: { contentId: string | null }, html: string | null): boolean {
  const contentId = attachment.contentId?.trim().replace(/^<|>$/g, '');
  if (!html || !contentId) return false;
  const escaped = contentId.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`cid:${escaped}(?![^"'\\s>)])`, 'i').test(html);
}
