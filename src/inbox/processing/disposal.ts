import type { Kysely } from 'kysely';
import { GraphNotFound, isAppError } from '../../errors/index.js';
import { isoNow } from '../../shared/index.js';
import type { Database } from '../../store/index.js';
import type { InboxDeps } from '../inbox-deps.js';
import { findResource } from '../resources/resource-repository.js';
import { addMessageEvent, findLedgerRow, findLedgerRowWithResource, updateLedgerRow } from './ledger.js';

/** Well-known folder of the seed's soft delete: Recoverable Items, not Deleted Items (lime-inbox-notes). */
const softDeleteFolder = 'recoverableitemsdeletions';

/** Removes processed mail from the Inbox the resource's way, and tags Failed mail for Outlook users. */
export function createDisposal(deps: InboxDeps) {
  const { store, clock } = deps;
  return {
    /**
     * Disposes of one Processed mail; throws (and is retried by its job) while Graph fails. A failure that
     * retrying cannot fix (a 403 without Mail.ReadWrite), or the job's last attempt, marks the disposal Failed.
     */
    async dispose(
      ledgerId: string,
      job: {
        attempt?: number;
        maxAttempts?: number;
        completeJob?: (trx: Kysely<Database>) => Promise<void>;
      } = {},
    ): Promise<void> {
      const { completeJob } = job;
      const found = await findLedgerRowWithResource(store.db, ledgerId);
      if (!found) return;
      const { row, resource } = found;
      if (row.status !== 'processed' || row.disposal_status === 'done' || !resource) return;
      // Disposal waits for company: twenty mails leave the Inbox in one `$batch` round trip (bench P4).
      const messages = deps.graphFor(resource.client_name).batched;
      const mailbox = resource.email;
      try {
        if (resource.disposal_mode === 'soft-delete')
          await messages.move(mailbox, row.graph_message_id, softDeleteFolder);
        else if (resource.disposal_mode === 'delete') await messages.delete(mailbox, row.graph_message_id);
        else if (resource.disposal_mode === 'move') {
          await messages.move(mailbox, row.graph_message_id, resource.disposal_folder ?? 'deleteditems');
        } else
          await messages.setCategories(mailbox, row.graph_message_id, [
            resource.disposal_category ?? 'ms-inbox: processed',
          ]);
      } catch (error) {
        // Someone already moved or deleted it: the Inbox is clean, which is what disposal is for.
        if (!GraphNotFound.is(error)) {
          const permanent = isAppError(error) && !error.retryable;
          const lastAttempt = job.attempt !== undefined && job.attempt >= (job.maxAttempts ?? Infinity);
          await updateLedgerRow(store.db, ledgerId, {
            ...(permanent || lastAttempt ? { disposal_status: 'failed' } : {}),
            disposal_error: error instanceof Error ? error.message.slice(0, 2000) : String(error),
            disposal_error_code: isAppError(error) ? error.code : null,
            updated_at: isoNow(clock),
          });
          throw error;
        }
      }
      const now = isoNow(clock);
      // One commit, not two: each commit is a WAL write (an fsync on PostgreSQL).
      await store.transaction(async (trx) => {
        await updateLedgerRow(trx, ledgerId, {
          disposal_status: 'done',
          disposal_error: null,
          disposal_error_code: null,
          updated_at: now,
        });
        await addMessageEvent(trx, ledgerId, now, 'disposed', resource.disposal_mode);
        await completeJob?.(trx);
      });
    },

    /** Puts the resource's failure category on a Failed mail so people in Outlook see it. */
    async categoriseFailed(ledgerId: string): Promise<void> {
      const row = await findLedgerRow(store.db, ledgerId);
      if (!row || row.status !== 'failed') return;
      const resource = await findResource(store.db, row.resource_id);
      if (!resource?.failed_category) return;
      try {
        await deps
          .graphFor(resource.client_name)
          .messages.setCategories(resource.email, row.graph_message_id, [resource.failed_category]);
      } catch (error) {
        if (!GraphNotFound.is(error)) throw error;
      }
    },
  };
}

/** The disposal service's type. */
export type Disposal = ReturnType<typeof createDisposal>;
