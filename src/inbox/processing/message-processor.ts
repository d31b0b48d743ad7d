import {
  GraphNotFound,
  HandlerMissing,
  HandlerThrew,
  RecoveryTargetMissing,
  isAppError,
  type AppError,
} from '../../errors/index.js';
import { EmailItem, type EmailData, type HandlerDecision } from '../../handlers/index.js';
import type { Kysely, Updateable } from 'kysely';
import { isoNow } from '../../shared/index.js';
import type { Database, MessagesTable } from '../../store/index.js';
import type { InboxDeps } from '../inbox-deps.js';
import { inboxJobs, type ProcessKind } from '../inbox-jobs.js';
import type { ResourceRow } from '../resources/resource-repository.js';
import { callHandlerWithTimeout } from './call-handler.js';
import { fetchEmailData } from './email-data.js';
import { findLedgerRowWithResource, storableText, wasProcessedBefore, type LedgerRow } from './ledger.js';
import { claimLedgerRow, transition, type LedgerEvent, type LedgerFields } from './ledger-transitions.js';

/** The ledger fields a fetched mail fills in. */
type MailMetadata = Pick<
  Updateable<MessagesTable>,
  'internet_message_id' | 'received_at' | 'subject' | 'sender' | 'is_processed_duplicate' | 'mail_flags'
>;

/** The end state of one processing attempt. */
type ProcessOutcome = 'processed' | 'skipped' | 'failed' | 'retrying' | 'left' | 'gone';

const asAppError = (error: unknown, target: string): AppError =>
  isAppError(error)
    ? error
    : HandlerThrew.create(
        { target, message: error instanceof Error ? error.message : String(error) },
        { cause: error },
      );

const stackOf = (error: AppError): string | null => {
  const cause = error.cause instanceof Error ? error.cause : error;
  return cause.stack?.slice(0, 8000) ?? null;
};

/** An error as one line of a mail's timeline. */
const eventDetailOf = (error: AppError): string => `${error.code}: ${error.message.slice(0, 500)}`;

const flagsOf = (email: EmailData): string => {
  const item = new EmailItem(email);
  return JSON.stringify({ isAutoreply: item.isAutoreply, isBounce: item.isBounce, isBulk: item.isBulk });
};

/** Fetches a mail, calls its resource's handler, and records the outcome (DESIGN §4 state machine). */
export function createMessageProcessor(deps: InboxDeps) {
  const { store, clock, queue, log, handlers } = deps;

  /** One move of the state machine and its timeline line, in a commit of their own. */
  const record = (row: LedgerRow, to: LedgerRow['status'], event: LedgerEvent, fields: LedgerFields) =>
    store.transaction((trx) => transition(trx, row, to, event, fields));

  const fail = async (row: LedgerRow, resource: ResourceRow, error: AppError, meta: MailMetadata = {}) => {
    const at = isoNow(clock);
    await store.transaction(async (trx) => {
      await transition(
        trx,
        row,
        'failed',
        { kind: 'failed', detail: eventDetailOf(error), at },
        {
          ...meta,
          last_error_code: error.code,
          last_error_message: error.message.slice(0, 4000),
          last_error_stack: stackOf(error),
        },
      );
      if (resource.failed_category) {
        await queue.enqueue(trx, { job: inboxJobs.categoriseFailed, payload: { ledgerId: row.id } });
      }
    });
    return 'failed' as const;
  };

  const succeed = async (
    row: LedgerRow,
    decision: Extract<HandlerDecision, { status: 'processed' }>,
    receivedAt: string | null,
    meta: MailMetadata,
    completeJob?: (trx: Kysely<Database>) => Promise<void>,
  ) => {
    const at = isoNow(clock);
    await store.transaction(async (trx) => {
      // The handler's unit of work commits with the ledger: never a ticket without a Processed mail, or the reverse.
      const committed = decision.commit ? await decision.commit(trx) : undefined;
      const result = decision.result ?? committed;
      await transition(
        trx,
        row,
        'processed',
        { kind: 'processed', at },
        {
          ...meta,
          processed_at: at,
          handler_result: result === undefined ? null : JSON.stringify(result).slice(0, 4000),
          disposal_status: 'pending',
          last_error_code: null,
          last_error_message: null,
          last_error_stack: null,
        },
      );
      await queue.enqueue(trx, {
        job: inboxJobs.disposeMessage,
        payload: { ledgerId: row.id },
        uniqueKey: `dispose:${row.id}`,
      });
      await completeJob?.(trx);
    });
    if (receivedAt) deps.metrics.recordLatency(clock.now().getTime() - new Date(receivedAt).getTime());
    return 'processed' as const;
  };

  return {
    /**
     * One attempt at a mail. `attempt`/`maxAttempts` come from the job: a retryable failure (Graph down, an
     * external endpoint answering 5xx) is rethrown so the job retries later, until the last attempt marks it Failed.
     */
    async process(input: {
      ledgerId: string;
      kind: ProcessKind;
      attempt: number;
      maxAttempts: number;
      /** Ends the calling job inside the outcome's transaction (`JobContext.completeIn`). */
      completeJob?: (trx: Kysely<Database>) => Promise<void>;
    }): Promise<ProcessOutcome> {
      const found = await findLedgerRowWithResource(store.db, input.ledgerId);
      if (!found?.resource) return 'gone';
      const { row, resource } = found;
      // Recovery takes only mails still Failed or Unprocessed: one in Processing belongs to another runner.
      const acceptable: LedgerRow['status'][] =
        input.kind === 'recovery' ? ['failed', 'unprocessed'] : ['unprocessed', 'processing'];
      if (!acceptable.includes(row.status)) return 'left';
      if (input.kind === 'notification' && resource.inactive === 1) return 'left';

      const target = input.kind === 'recovery' ? resource.recovery_target : resource.webhook_target;
      if (!target) return fail(row, resource, RecoveryTargetMissing.create({ email: resource.email }));
      const handler = handlers.resolve(target);
      if (!handler) return fail(row, resource, HandlerMissing.create({ target }));

      const startedAt = isoNow(clock);
      // One commit per step: each commit is a WAL write (an fsync on PostgreSQL), the cost that bounds throughput.
      const claimed = await store.transaction((trx) =>
        claimLedgerRow(trx, row, {
          kind: 'attempt',
          detail: `${input.kind} #${row.attempts + 1}`,
          at: startedAt,
        }),
      );
      if (!claimed) return 'left';
      // What the fetched mail says about itself; written with the attempt's outcome, in the same commit.
      let meta: MailMetadata = {};

      let receivedAt: string | null = row.received_at;
      try {
        const email = await fetchEmailData({
          graph: deps.graphFor(resource.client_name),
          mailbox: resource.email,
          graphMessageId: row.graph_message_id,
          ledgerId: row.id,
          attempt: row.attempts + 1,
          isProcessed: (internetMessageId) => wasProcessedBefore(store.db, row, internetMessageId),
        });
        const m = email.message as Record<string, unknown> & {
          from?: { emailAddress?: { address?: string; name?: string } };
        };
        receivedAt = typeof m.receivedDateTime === 'string' ? m.receivedDateTime : receivedAt;
        meta = {
          internet_message_id: storableText(m.internetMessageId, 100_000),
          received_at: storableText(receivedAt, 100),
          subject: storableText(m.subject, 1000),
          sender: storableText(m.from?.emailAddress?.address, 1000),
          is_processed_duplicate: email.isProcessed ? 1 : 0,
          mail_flags: flagsOf(email),
        };
        const decision = await callHandlerWithTimeout(
          handler,
          {
            kind: input.kind,
            email,
            resource: { id: resource.id, clientName: resource.client_name, email: resource.email },
          },
          target,
          deps.settings.handlerTimeoutMs,
        );
        if (decision.status === 'skipped') {
          const reason = decision.reason ?? null;
          await record(
            claimed,
            'skipped',
            { kind: 'skipped', detail: reason, at: isoNow(clock) },
            { ...meta, last_error_message: reason },
          );
          return 'skipped';
        }
        return await succeed(claimed, decision, receivedAt, meta, input.completeJob);
      } catch (caught) {
        if (GraphNotFound.is(caught)) {
          // The mail left the Inbox before we read it (moved or deleted by a person): nothing to hand over.
          await record(
            claimed,
            'gone',
            { kind: 'gone', at: isoNow(clock) },
            { last_error_code: caught.code, last_error_message: 'the mail is no longer in the mailbox' },
          );
          return 'gone';
        }
        const error = asAppError(caught, target);
        if (error.retryable && input.kind === 'notification' && input.attempt < input.maxAttempts) {
          await record(
            claimed,
            'unprocessed',
            { kind: 'retry-scheduled', detail: eventDetailOf(error), at: isoNow(clock) },
            { ...meta, last_error_code: error.code, last_error_message: error.message.slice(0, 4000) },
          );
          log.info({ ledgerId: row.id, code: error.code }, 'mail will be retried');
          throw error;
        }
        log.warn({ ledgerId: row.id, code: error.code }, 'mail failed');
        return fail(claimed, resource, error, meta);
      }
    },
  };
}

/** The processor's type. */
export type MessageProcessor = ReturnType<typeof createMessageProcessor>;
