import { randomUUID } from 'node:crypto';
import type { Transaction } from 'kysely';
import { AutoReplyPayloadInvalid } from '../../errors/index.js';
import { defineJob, type JobQueue } from '../../jobs/index.js';
import type { Database } from '../../store/index.js';
import type { MailAddress } from '../incoming-mail.js';
import type { AnsweredMail } from './helpdesk-message.js';

/** The answered mail as the job keeps it (JSON): what the reply, its headers and loop defence need. */
export interface AnsweredMailSnapshot {
  subject: string;
  internetMessageId: string | null;
  references: string[];
  from: MailAddress | null;
  sender: MailAddress | null;
  flags: { isAutoreply: boolean; isBounce: boolean; isBulk: boolean };
  signals: string[];
}

/** What a unit of work asks for when it applies a mail to a helpdesk. */
export interface AutoReplyRequest {
  resourceId: string;
  helpdeskId: string;
  /** Created by this unit of work (the seed's `is_new`). */
  isNewHelpdesk: boolean;
  ledgerId: string | null;
  mail: AnsweredMailSnapshot;
  /** Custom merge codes a handler added (`uow.addMergeCodes`). */
  mergeCodes: Record<string, string>;
}

/** The job's payload: the request plus an id that names its log row, so a retry finds its own decision. */
export interface SendAutoReplyPayload extends AutoReplyRequest {
  requestId: string;
}

/** Enqueues the auto-reply job in the transaction that applies the unit of work (so only for committed tickets). */
export interface AutoReplyScheduler {
  schedule(trx: Transaction<Database>, request: AutoReplyRequest): Promise<void>;
}

/** A mail as `requestAutoReply` takes it; an `EmailItem` also brings its flags and signals. */
export type AutoReplyMailInput = AnsweredMail & {
  readonly ledgerId?: string | null;
  readonly isAutoreply?: boolean;
  readonly isBounce?: boolean;
  readonly isBulk?: boolean;
  readonly signals?: Readonly<Record<string, readonly string[]>>;
};

/** The JSON snapshot of the answered mail. */
export function snapshotMail(mail: AutoReplyMailInput): AnsweredMailSnapshot {
  const address = (a: MailAddress | null | undefined) => (a ? { name: a.name, address: a.address } : null);
  return {
    subject: mail.subject,
    internetMessageId: mail.internetMessageId,
    references: [...mail.references],
    from: address(mail.from),
    sender: address(mail.sender),
    flags: {
      isAutoreply: mail.isAutoreply === true,
      isBounce: mail.isBounce === true,
      isBulk: mail.isBulk === true,
    },
    signals: Object.values(mail.signals ?? {}).flat(),
  };
}

/** Reads a job payload; throws `MSI_AUTO_REPLY_PAYLOAD_INVALID` for anything this version did not write. */
function parseSendAutoReplyPayload(payload: unknown): SendAutoReplyPayload {
  const p = (typeof payload === 'object' && payload !== null ? payload : {}) as Partial<SendAutoReplyPayload>;
  for (const key of ['requestId', 'resourceId', 'helpdeskId'] as const) {
    if (typeof p[key] !== 'string' || p[key] === '')
      throw AutoReplyPayloadInvalid.create({ problem: `${key} missing` });
  }
  if (typeof p.mail !== 'object' || p.mail === null || !Array.isArray(p.mail.references))
    throw AutoReplyPayloadInvalid.create({ problem: 'mail missing' });
  return { ...(p as SendAutoReplyPayload), mergeCodes: p.mergeCodes ?? {} };
}

/** The job that decides and sends one auto-reply. */
export const sendAutoReplyJob = defineJob('helpdesk.send-auto-reply', { parse: parseSendAutoReplyPayload });

/**
 * Enqueues `helpdesk.send-auto-reply` when the resource's auto-reply is on (and, by default, only for a new
 * helpdesk). Loop defence is not judged here but when the job runs, where every suppression is recorded.
 */
export function createAutoReplyScheduler(deps: {
  queue: Pick<JobQueue, 'enqueue'>;
  /** Runs of the job before the failure is recorded on the helpdesk and the job is dead. */
  sendAttempts: number;
}): AutoReplyScheduler {
  return {
    async schedule(trx, request) {
      const settings = await trx
        .selectFrom('auto_reply_settings')
        .select(['enabled', 'only_new_helpdesks'])
        .where('resource_id', '=', request.resourceId)
        .executeTakeFirst();
      if (settings?.enabled !== 1) return;
      if (settings.only_new_helpdesks === 1 && !request.isNewHelpdesk) return;
      const payload: SendAutoReplyPayload = { ...request, requestId: randomUUID() };
      await deps.queue.enqueue(trx, {
        job: sendAutoReplyJob,
        payload,
        // Two mails on one helpdesk while its reply waits make one reply, not two.
        uniqueKey: `auto-reply:${request.helpdeskId}`,
        maxAttempts: deps.sendAttempts,
      });
    },
  };
}
