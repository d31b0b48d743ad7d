import { AutoReplySmtpMissing } from '../../errors/index.js';
import type { GraphClient } from '../../graph/index.js';
import { collectJobHandlers, handleJob, type JobHandler, type JobQueue } from '../../jobs/index.js';
import type { Clock, Logger } from '../../shared/index.js';
import type { Store } from '../../store/index.js';
import { createAutoReplyScheduler, sendAutoReplyJob, type AutoReplyScheduler } from './auto-reply-request.js';
import type { LoopRule } from './loop-defence.js';
import { createAutoReplySender } from './send-auto-reply.js';
import { createAutoReplySettingsService, type AutoReplySettingsService } from './settings-service.js';
import { createGraphTransport, createSmtpTransport, type AutoReplyTransport } from './transports.js';

/** What auto-replies are built from. */
export interface AutoRepliesDeps {
  store: Pick<Store, 'db' | 'transaction' | 'dialect'>;
  /** Enqueues in the transaction that applies a unit of work. */
  queue: Pick<JobQueue, 'enqueue'>;
  /** The Graph client of a configured client name (the resource's), for the Graph transport. */
  graphFor: (clientName: string) => Pick<GraphClient, 'messages'>;
  clock: Clock;
  log: Logger;
  /** Runs of a send before the failure is recorded on the helpdesk and the job is dead (default 10, ~10 min). */
  sendAttempts?: number;
  /** SMTP URL for resources on the SMTP transport that name none of their own. */
  defaultSmtpUrl?: string | null;
  /** Builds the SMTP transport of a URL (default: nodemailer). */
  smtpTransport?: (smtpUrl: string) => AutoReplyTransport;
  /** Loop-defence rules (default: all of `loopRules`). */
  rules?: readonly LoopRule[];
}

/** Auto-replies: the scheduler units of work call, the job handler for workers, the settings for the admin API. */
export interface AutoReplies extends AutoReplyScheduler {
  /** `{ 'helpdesk.send-auto-reply': … }`, to merge into the worker's handlers. */
  readonly jobHandlers: Record<string, JobHandler>;
  readonly settings: AutoReplySettingsService;
}

/** Composes auto-replies; pass the result to `createHandlerDirectory({ autoReplies })` and merge its job handlers. */
export function createAutoReplies(deps: AutoRepliesDeps): AutoReplies {
  const scheduler = createAutoReplyScheduler({ queue: deps.queue, sendAttempts: deps.sendAttempts ?? 10 });
  const smtp = deps.smtpTransport ?? ((url: string) => createSmtpTransport(url));
  const sender = createAutoReplySender({
    store: deps.store,
    clock: deps.clock,
    log: deps.log,
    ...(deps.rules ? { rules: deps.rules } : {}),
    transportFor(settings, resource) {
      if (settings.transport === 'graph') return createGraphTransport(deps.graphFor(resource.clientName));
      const url = settings.smtpUrl ?? deps.defaultSmtpUrl ?? null;
      if (!url) throw AutoReplySmtpMissing.create({ resourceId: resource.id });
      return smtp(url);
    },
  });
  return {
    schedule: (trx, request) => scheduler.schedule(trx, request),
    jobHandlers: collectJobHandlers(handleJob(sendAutoReplyJob, sender)),
    settings: createAutoReplySettingsService({ db: deps.store.db, clock: deps.clock }),
  };
}
