import type * as Graph from '@microsoft/microsoft-graph-types';
import type { GraphBatcher } from '../graph-batcher.js';
import { messageSelect } from './messages.js';

const messageUrl = (mailbox: string, id: string) =>
  `/users/${encodeURIComponent(mailbox)}/messages/${encodeURIComponent(id)}`;

/**
 * The message operations of the pipeline's hot path, sent through `$batch`: the same requests and answers as
 * `createMessageOperations`, several mails to one round trip when mail arrives faster than the batch windows.
 */
export function createBatchedMessageOperations(
  batcher: GraphBatcher,
  options: { customSelect: readonly string[] },
) {
  const select = encodeURIComponent(messageSelect(options.customSelect));
  return {
    /** The message with the default and custom fields and its headers (as `messages.get`). */
    get(mailbox: string, id: string): Promise<Graph.Message & Record<string, unknown>> {
      return batcher.submit(mailbox, 'readMs', 'messages.get', {
        method: 'GET',
        url: `${messageUrl(mailbox, id)}?$select=${select}`,
      });
    },
    /** Moves the message (as `messages.move`). */
    move(mailbox: string, id: string, destinationId: string): Promise<Graph.Message> {
      return batcher.submit(mailbox, 'writeMs', 'messages.move', {
        method: 'POST',
        url: `${messageUrl(mailbox, id)}/move`,
        body: { destinationId },
      });
    },
    /** Deletes the message (as `messages.delete`). */
    async delete(mailbox: string, id: string): Promise<void> {
      await batcher.submit(mailbox, 'writeMs', 'messages.delete', {
        method: 'DELETE',
        url: messageUrl(mailbox, id),
      });
    },
    /** Replaces the message's categories (as `messages.setCategories`). */
    async setCategories(mailbox: string, id: string, categories: string[]): Promise<void> {
      await batcher.submit(mailbox, 'writeMs', 'messages.categorise', {
        method: 'PATCH',
        url: messageUrl(mailbox, id),
        body: { categories },
      });
    },
  };
}

/** The batched message operations' type. */
export type BatchedMessageOperations = ReturnType<typeof createBatchedMessageOperations>;
