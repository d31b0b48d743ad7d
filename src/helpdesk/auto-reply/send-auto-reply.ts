import type { Kysely, Selectable } from 'kysely';
import { isAppError } from '../../errors/index.js';
import type { JobContext } from '../../jobs/index.js';
import { isoNow, type Clock, type Logger } from '../../shared/index.js';
import {
  findLedgerMailFlags,
  findWatchedMailbox,
  listWatchedMailboxes,
  type WatchedMailbox,
} from '../../inbox/index.js';
import type { AutoReplyLogTable, Database, Store } from '../../store/index.js';
import { findHelpdeskById } from '../helpdesk-repository.js';
import * as replyLog from './auto-reply-log.js';
import { buildAutoReplyMime, newMessageId } from './auto-reply-mime.js';
import type { SendAutoReplyPayload } from './auto-reply-request.js';
import { defaultAutoReplySettings, settingsFromRow, type AutoReplySettings } from './auto-reply-settings.js';
import { composeReply, sentNote, type ComposedReply } from './compose-reply.js';
import { judgeReply, loopRules, type LoopRule, type ReplyFacts } from './loop-defence.js';
import type { AutoReplyTransport } from './transports.js';

/** What the job needs: the database, a transport per resource, and the loop-defence rules. */
interface AutoReplySenderDeps {
  store: Pick<Store, 'db' | 'transaction' | 'dialect'>;
  transportFor(settings: AutoReplySettings, resource: WatchedMailbox): AutoReplyTransport;
  clock: Clock;
  log: Logger;
  /** Default: every rule of `loopRules`. */
  rules?: readonly LoopRule[];
}

/** A reply reserved in the log (`sending`), ready to go out. */
interface Reservation {
  row: Selectable<AutoReplyLogTable>;
  reply: ComposedReply;
  settings: AutoReplySettings;
  resource: WatchedMailbox;
}

type Db = Kysely<Database>;

async function gatherFacts(
  db: Db,
  payload: SendAutoReplyPayload,
  settings: AutoReplySettings,
  reply: ComposedReply,
  now: number,
): Promise<ReplyFacts> {
  const windows = [...settings.limits.perSender, ...settings.limits.perHelpdesk].map((l) => l.windowMinutes);
  const since = new Date(now - Math.max(1, ...windows) * 60_000).toISOString();
  const recipient = reply.meta.recipient?.email ?? null;
  const [fromLedger, watched, times] = await Promise.all([
    // The ledger judged the mail itself, so a handler that passed a plain object cannot hide an auto-reply.
    findLedgerMailFlags(db, payload.ledgerId),
    listWatchedMailboxes(db),
    replyLog.replyTimes(db, {
      resourceId: payload.resourceId,
      recipient,
      helpdeskId: payload.helpdeskId,
      since,
    }),
  ]);
  const flags = payload.mail.flags;
  return {
    flags: {
      isAutoreply: flags.isAutoreply || fromLedger.isAutoreply === true,
      isBounce: flags.isBounce || fromLedger.isBounce === true,
      isBulk: flags.isBulk || fromLedger.isBulk === true,
    },
    signals: payload.mail.signals,
    recipient,
    from: reply.meta.fromEmail,
    watchedMailboxes: new Set(watched.map((r) => r.email.toLowerCase())),
    senderReplyTimes: times.sender,
    helpdeskReplyTimes: times.helpdesk,
    limits: settings.limits,
    now,
  };
}

/** Builds the `helpdesk.send-auto-reply` job handler. */
export function createAutoReplySender(
  deps: AutoReplySenderDeps,
): (payload: SendAutoReplyPayload, context: JobContext) => Promise<void> {
  const { store, clock } = deps;
  const rules = deps.rules ?? loopRules;

  /** Decides in one transaction (locked per resource on PostgreSQL, so the caps count every reply). */
  const reserve = (payload: SendAutoReplyPayload, log: Logger): Promise<Reservation | null> =>
    store.transaction(async (trx) => {
      const at = isoNow(clock);
      let settingsQuery = trx
        .selectFrom('auto_reply_settings')
        .selectAll()
        .where('resource_id', '=', payload.resourceId);
      if (store.dialect === 'postgres') settingsQuery = settingsQuery.forUpdate();
      const settingsRow = await settingsQuery.executeTakeFirst();
      const existing = await replyLog.findLogRow(trx, payload.requestId);
      if (existing && existing.outcome !== 'sending') return null;
      const [helpdesk, resource] = await Promise.all([
        findHelpdeskById(trx, payload.helpdeskId),
        findWatchedMailbox(trx, payload.resourceId),
      ]);
      if (!helpdesk || !resource) {
        log.info(
          { helpdeskFound: !!helpdesk, resourceFound: !!resource },
          'auto-reply dropped: helpdesk or resource gone',
        );
        return null;
      }
      const settings = settingsRow
        ? settingsFromRow(settingsRow)
        : defaultAutoReplySettings(payload.resourceId);
      const reply = composeReply(settings, helpdesk, payload.mail, payload.mergeCodes);
      // A retry of a reply already reserved sends it again, with the same Message-ID.
      if (existing) return { row: existing, reply, settings, resource };

      const verdict = settings.enabled
        ? judgeReply(await gatherFacts(trx, payload, settings, reply, new Date(at).getTime()), rules)
        : ({
            send: false,
            reason: 'disabled',
            detail: 'auto-replies are turned off for this mailbox',
          } as const);
      const row: AutoReplyLogTable = {
        id: payload.requestId,
        resource_id: payload.resourceId,
        helpdesk_id: helpdesk.id,
        ledger_message_id: payload.ledgerId,
        recipient: reply.meta.recipient?.email ?? null,
        outcome: verdict.send ? 'sending' : 'suppressed',
        reason: verdict.send ? null : verdict.reason,
        detail: verdict.send ? null : verdict.detail,
        message_id: verdict.send && reply.meta.fromEmail ? newMessageId(reply.meta.fromEmail) : null,
        from_address: reply.meta.fromEmail,
        subject: reply.subject,
        transport: settings.transport,
        created_at: at,
        updated_at: at,
      };
      await replyLog.insertLogRow(trx, row);
      if (!verdict.send) {
        await replyLog.addHelpdeskNote(trx, {
          helpdeskId: helpdesk.id,
          kind: 'notice',
          text: `No auto-reply was sent (${verdict.reason}): ${verdict.detail}.`,
          at,
        });
        log.info({ reason: verdict.reason, recipient: row.recipient }, 'auto-reply suppressed');
        return null;
      }
      // Kept before sending: a fast answer must already find the helpdesk by the reply's Message-ID.
      await replyLog.linkReplyMessageId(trx, {
        helpdeskId: helpdesk.id,
        messageId: row.message_id ?? '',
        mailbox: row.from_address ?? '',
        at,
      });
      return { row, reply, settings, resource };
    });

  const send = async (reservation: Reservation) => {
    const { row, reply, settings, resource } = reservation;
    const from = row.from_address ?? '';
    const to = reply.meta.recipient ?? { name: null, email: row.recipient ?? '' };
    const mime = await buildAutoReplyMime({
      from: { name: settings.fromName, address: from },
      to: { name: to.name, address: to.email },
      subject: reply.subject,
      text: reply.text,
      html: reply.html,
      messageId: row.message_id ?? newMessageId(from),
      headers: reply.meta.headers,
      date: clock.now(),
    });
    await deps.transportFor(settings, resource).send({ from, to: to.email, mime });
  };

  const recordSent = (reservation: Reservation) =>
    store.transaction(async (trx) => {
      const at = isoNow(clock);
      await replyLog.finishLogRow(trx, reservation.row.id, { outcome: 'sent', at });
      if (reservation.row.helpdesk_id) {
        const note = sentNote(reservation.reply, reservation.row.recipient ?? '');
        await replyLog.addHelpdeskNote(trx, {
          helpdeskId: reservation.row.helpdesk_id,
          kind: 'autoreply',
          ...note,
          author: reservation.row.from_address,
          at,
        });
      }
    });

  const recordFailure = (reservation: Reservation, error: unknown, context: JobContext) =>
    store.transaction(async (trx) => {
      const at = isoNow(clock);
      const code = isAppError(error) ? error.code : 'MSI_INTERNAL_ERROR';
      const message = (error instanceof Error ? error.message : String(error)).slice(0, 1000);
      await replyLog.finishLogRow(trx, reservation.row.id, {
        outcome: 'failed',
        reason: code,
        detail: message,
        at,
      });
      if (reservation.row.helpdesk_id) {
        await replyLog.addHelpdeskNote(trx, {
          helpdeskId: reservation.row.helpdesk_id,
          kind: 'notice',
          text: `The auto-reply to ${reservation.row.recipient ?? '?'} could not be sent (attempt ${context.attempt} of ${context.maxAttempts}, ${code}): ${message}`,
          at,
        });
      }
    });

  return async (request, context) => {
    const log = context.log.child({ helpdeskId: request.helpdeskId, resourceId: request.resourceId });
    const reservation = await reserve(request, log);
    if (!reservation) return;
    try {
      await send(reservation);
    } catch (error) {
      // The job runner makes the job dead after its last attempt or on an error that says retrying is pointless.
      const final = context.attempt >= context.maxAttempts || (isAppError(error) && !error.retryable);
      if (final) await recordFailure(reservation, error, context);
      throw error;
    }
    await recordSent(reservation);
    log.info(
      { recipient: reservation.row.recipient, messageId: reservation.row.message_id },
      'auto-reply sent',
    );
  };
}
