import { deliverMessage } from '../tenant/delivery.js';
import type { Mailbox } from '../tenant/mailbox.js';
import type { MessageInput, Recipient } from '../types.js';
import type { GraphRoute, RouteContext } from './context.js';
import { badBody, GraphFailure } from './errors.js';
import { parseRawMail } from '../mime/parse-raw-mail.js';

const noRecipients = (): GraphFailure =>
  new GraphFailure(
    400,
    'ErrorInvalidRecipients',
    "At least one recipient is not valid., A message can't be sent because it contains no recipients.",
  );

/** Internal recipients get a copy in their Inbox, so two simulated mailboxes can mail each other. */
async function deliverToRecipients(
  ctx: RouteContext,
  recipients: Recipient[],
  copy: (to: Mailbox) => Promise<unknown>,
) {
  const seen = new Set<string>();
  for (const r of recipients) {
    const target = ctx.core.state.findMailboxByAddress(r.emailAddress.address);
    if (target && !seen.has(target.id)) {
      seen.add(target.id);
      await copy(target);
    }
  }
}

async function sendJson(ctx: RouteContext, body: Record<string, unknown>) {
  const message = body.message as MessageInput | undefined;
  if (!message || typeof message !== 'object') throw badBody("The value of parameter 'Message' is empty.");
  for (const header of message.internetMessageHeaders ?? []) {
    // Graph JSON can carry only custom X- headers, so Auto-Submitted etc. need MIME (DESIGN.md §9, user-sendmail.md).
    if (!/^x-/i.test(header.name)) {
      throw new GraphFailure(
        400,
        'InvalidInternetMessageHeader',
        `The internet message header name '${header.name}' should start with 'x-' or 'X-'.`,
      );
    }
  }
  const recipients = [
    ...(message.toRecipients ?? []),
    ...(message.ccRecipients ?? []),
    ...(message.bccRecipients ?? []),
  ];
  if (recipients.length === 0) throw noRecipients();
  const self: Recipient = { emailAddress: { name: ctx.mailbox.displayName, address: ctx.mailbox.upn } };
  const sent: MessageInput = { ...message, from: message.from ?? self, sender: self };
  const now = ctx.core.clock.nowMs();
  const stored = await ctx.core.factory.fromJson(sent, { isRead: true, sentMs: now, receivedMs: now });
  if (body.saveToSentItems !== false && body.saveToSentItems !== 'false') {
    ctx.mailbox.insert(stored, ctx.mailbox.findFolder('sentitems') ?? ctx.mailbox.folderByIndex(0));
  }
  await deliverToRecipients(ctx, recipients, (to) =>
    deliverMessage(ctx.core.factory, to, {
      ...sent,
      bccRecipients: [],
      internetMessageId: stored.internetMessageId,
    }),
  );
}

async function sendMime(ctx: RouteContext, text: string) {
  const compact = text.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(compact) || compact.length % 4 !== 0) {
    throw new GraphFailure(
      400,
      'ErrorMimeContentInvalidBase64String',
      'Invalid base64 string for MIME content.',
    );
  }
  const raw = Buffer.from(compact, 'base64');
  const parsed = await parseRawMail(raw, ctx.core.clock.nowMs());
  const recipients = [...parsed.to, ...parsed.cc, ...parsed.bcc];
  if (recipients.length === 0) throw noRecipients();
  ctx.mailbox.insert(
    await ctx.core.factory.fromRaw(raw, { isRead: true }),
    ctx.mailbox.findFolder('sentitems') ?? ctx.mailbox.folderByIndex(0),
  );
  await deliverToRecipients(ctx, recipients, (to) => deliverMessage(ctx.core.factory, to, raw));
}

async function sendMail(ctx: RouteContext) {
  const body = ctx.request.body;
  // user-sendmail.md: JSON, or MIME as base64 in a text/plain body.
  if (typeof body === 'string') await sendMime(ctx, body);
  else if (body && typeof body === 'object' && !Buffer.isBuffer(body))
    await sendJson(ctx, body as Record<string, unknown>);
  else throw badBody('Empty Payload. JSON content expected.');
  return { status: 202 };
}

/** `POST /users/{id}/sendMail`, saving to Sent Items. */
export const sendMailRoutes: GraphRoute[] = [
  {
    method: 'POST',
    pattern: 'users/:user/sendMail',
    operation: 'mail.send',
    permission: 'send',
    handler: sendMail,
  },
];
