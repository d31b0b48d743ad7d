import type { GraphClient } from '../../graph/index.js';
import type { EmailData } from '../../handlers/index.js';

/** Fetches a mail and its attachments' metadata from Graph and builds what the handler receives. */
export async function fetchEmailData(input: {
  graph: GraphClient;
  mailbox: string;
  graphMessageId: string;
  ledgerId: string;
  attempt: number;
  isProcessed: (internetMessageId: string | null) => Promise<boolean>;
}): Promise<EmailData> {
  const { graph, mailbox, graphMessageId } = input;
  // Through `$batch`: mails announced together are fetched in one round trip (bench P4).
  const message = await graph.batched.get(mailbox, graphMessageId);
  // hasAttachments is false for mail whose only attachments are inline, so the list is asked for whenever the
  // body may reference cid: parts too (DESIGN §9: treating hasAttachments as truth loses inline images).
  const body = (message.body as { content?: string } | undefined)?.content ?? '';
  const attachments =
    message.hasAttachments || body.includes('cid:')
      ? await graph.messages.listAttachments(mailbox, graphMessageId)
      : [];
  const internetMessageId = typeof message.internetMessageId === 'string' ? message.internetMessageId : null;
  return {
    message,
    subscriptionEmail: mailbox,
    attachments: attachments.map((a) => ({
      ...a,
      open: () => graph.messages.streamAttachment(mailbox, graphMessageId, a.id),
    })),
    isProcessed: await input.isProcessed(internetMessageId),
    openMime: () => graph.messages.streamMime(mailbox, graphMessageId),
    ledgerId: input.ledgerId,
    attempt: input.attempt,
  };
}
