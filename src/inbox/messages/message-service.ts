import { MessageNotFound, ValidationFailed } from '../../errors/index.js';
import { isoNow } from '../../shared/index.js';
import type { MessageStatus } from '../../store/index.js';
import type { InboxDeps } from '../inbox-deps.js';
import { inboxJobs } from '../inbox-jobs.js';
import type { LedgerRow } from '../processing/ledger.js';
import { canMove, ledgerStatuses, transition } from '../processing/ledger-transitions.js';

/** A ledger entry as the admin API shows it. */
export interface MessageView {
  id: string;
  resourceId: string;
  graphMessageId: string;
  internetMessageId: string | null;
  receivedAt: string | null;
  subject: string | null;
  sender: string | null;
  status: MessageStatus;
  source: string;
  attempts: number;
  isProcessed: boolean;
  /** What ms-inbox recognised in the mail; null before it was fetched. */
  flags: { isAutoreply: boolean; isBounce: boolean; isBulk: boolean } | null;
  error: { code: string | null; message: string | null; stack: string | null } | null;
  handlerResult: unknown;
  disposal: { status: string | null; error: string | null };
  firstSeenAt: string;
  processedAt: string | null;
  updatedAt: string;
}

const toView = (row: LedgerRow): MessageView => ({
  id: row.id,
  resourceId: row.resource_id,
  graphMessageId: row.graph_message_id,
  internetMessageId: row.internet_message_id,
  receivedAt: row.received_at,
  subject: row.subject,
  sender: row.sender,
  status: row.status,
  source: row.source,
  attempts: row.attempts,
  isProcessed: row.is_processed_duplicate === 1,
  flags: row.mail_flags ? (JSON.parse(row.mail_flags) as MessageView['flags']) : null,
  error:
    row.last_error_code || row.last_error_message
      ? { code: row.last_error_code, message: row.last_error_message, stack: row.last_error_stack }
      : null,
  handlerResult: row.handler_result ? (JSON.parse(row.handler_result) as unknown) : null,
  disposal: { status: row.disposal_status, error: row.disposal_error },
  firstSeenAt: row.first_seen_at,
  processedAt: row.processed_at,
  updatedAt: row.updated_at,
});

/** The ledger as admins browse it: list, detail with timeline, and retry. */
export function createMessageService(deps: InboxDeps) {
  const { store, clock, queue } = deps;
  return {
    async list(filter: {
      resourceId?: string;
      status?: string;
      since?: string;
      search?: string;
      limit?: number;
      offset?: number;
    }) {
      const problems: string[] = [];
      if (filter.status && !ledgerStatuses.includes(filter.status as MessageStatus))
        problems.push(`status: must be one of ${ledgerStatuses.join(', ')}`);
      if (filter.since && Number.isNaN(Date.parse(filter.since))) problems.push('since: must be a date');
      if (problems.length) throw ValidationFailed.create({ problems });
      const limit = Math.min(Math.max(filter.limit ?? 50, 1), 500);
      let query = store.db.selectFrom('messages').selectAll();
      if (filter.resourceId) query = query.where('resource_id', '=', filter.resourceId);
      if (filter.status) query = query.where('status', '=', filter.status as MessageStatus);
      if (filter.since) query = query.where('first_seen_at', '>=', new Date(filter.since).toISOString());
      if (filter.search) {
        const pattern = `%${filter.search.replace(/[%_]/g, '')}%`;
        query = query.where((eb) => eb.or([eb('subject', 'like', pattern), eb('sender', 'like', pattern)]));
      }
      const rows = await query
        .orderBy('first_seen_at', 'desc')
        .orderBy('id')
        .limit(limit + 1)
        .offset(filter.offset ?? 0)
        .execute();
      return { items: rows.slice(0, limit).map(toView), hasMore: rows.length > limit };
    },

    async get(
      id: string,
    ): Promise<MessageView & { timeline: Array<{ at: string; kind: string; detail: string | null }> }> {
      const row = await store.db.selectFrom('messages').selectAll().where('id', '=', id).executeTakeFirst();
      if (!row) throw MessageNotFound.create({ id });
      const timeline = await store.db
        .selectFrom('message_events')
        .select(['at', 'kind', 'detail'])
        .where('message_id', '=', id)
        .orderBy('at')
        .execute();
      return { ...toView(row), timeline };
    },

    /** Retries Failed, Skipped, Gone or Unprocessed mails through the webhook target; returns how many were queued. */
    async retry(
      ids: string[],
    ): Promise<{ queued: string[]; refused: Array<{ id: string; reason: string }> }> {
      if (!Array.isArray(ids) || ids.length === 0 || ids.length > 1000) {
        throw ValidationFailed.create({ problems: ['ids: give between 1 and 1,000 message ids'] });
      }
      const rows = await store.db.selectFrom('messages').selectAll().where('id', 'in', ids).execute();
      const queued: string[] = [];
      const refused: Array<{ id: string; reason: string }> = ids
        .filter((id) => !rows.some((row) => row.id === id))
        .map((id) => ({ id, reason: 'not found' }));
      const now = isoNow(clock);
      await store.transaction(async (trx) => {
        for (const row of rows) {
          if (!canMove(row.status, 'unprocessed')) {
            refused.push({ id: row.id, reason: `already ${row.status}` });
            continue;
          }
          await transition(trx, row, 'unprocessed', { kind: 'retry-requested', at: now });
          await queue.enqueue(trx, {
            job: inboxJobs.processMessage,
            payload: { ledgerId: row.id, kind: 'notification' },
            uniqueKey: `process:${row.id}`,
            maxAttempts: deps.settings.processAttempts,
          });
          queued.push(row.id);
        }
      });
      return { queued, refused };
    },
  };
}
