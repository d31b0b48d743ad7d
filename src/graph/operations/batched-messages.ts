import type * as Graph from '@microsoft/microsoft-graph-types';
import type { GraphBatcher } from '../graph-batcher.js';
import { messageRequests, messageSelect } from './messages.js';

/**
 * The message operations of the pipeline's hot path, sent through `$batch`: the very requests of
 * `createMessageOperations` (`messageRequests`), several mails to one round trip when mail arrives faster than
 * the batch windows. Reads and writes wait in separate lanes (`BatchWindows`).
 */
export function createBatchedMessageOperations(
  batcher: GraphBatcher,
  options: { customSelect: readonly string[] },
) {
  const select = messageSelect(options.customSelect);
  return {
    /** The message with the default and custom fields and its headers (as `messages.get`). */
    get(mailbox: string, id: string): Promise<Graph.Message & Record<string, unknown>> {
      return batcher.submit(mailbox, 'readMs', messageRequests.get(mailbox, id, select));
    },
    /** Moves the message (as `messages.move`). */
    move(mailbox: string, id: string, destinationId: string): Promise<Graph.Message> {
      return batcher.submit(mailbox, 'writeMs', messageRequests.move(mailbox, id, destinationId));
    },
    /** Deletes the message (as `messages.delete`). */
    async delete(mailbox: string, id: string): Promise<void> {
      await batcher.submit(mailbox, 'writeMs', messageRequests.delete(mailbox, id));
    },
    /** Replaces the message's categories (as `messages.setCategories`). */
    async setCategories(mailbox: string, id: string, categories: string[]): Promise<void> {
      await batcher.submit(mailbox, 'writeMs', messageRequests.setCategories(mailbox, id, categories));
    },
  };
}
