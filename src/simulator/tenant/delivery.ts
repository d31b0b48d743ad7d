import type { DeliveredMessage, MessageInput } from '../types.js';
import type { Mailbox, NewMessage } from './mailbox.js';
import type { MessageFactory } from './message-factory.js';
import { InvalidMessageError } from './message-factory.js';

/** Puts a message (Graph JSON, or raw RFC 822 bytes) into a mailbox folder, the Inbox by default. */
export async function deliverMessage(
  factory: MessageFactory,
  mailbox: Mailbox,
  input: MessageInput | Buffer,
  options: { folder?: string; overrides?: Partial<NewMessage> } = {},
): Promise<DeliveredMessage> {
  const folder = mailbox.findFolder(options.folder ?? 'inbox');
  if (!folder) throw new InvalidMessageError(`unknown folder '${options.folder}'`);
  const message = Buffer.isBuffer(input)
    ? await factory.fromRaw(input, options.overrides)
    : await factory.fromJson(input, options.overrides);
  const record = mailbox.insert(message, folder);
  return {
    id: mailbox.messageId(record, false),
    immutableId: mailbox.messageId(record, true),
    internetMessageId: record.internetMessageId,
    mailbox: mailbox.upn,
    folder: folder.wellKnownName,
  };
}
