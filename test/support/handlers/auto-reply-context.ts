import {
  createAutoReplies,
  createHelpdeskStore,
  processEmail,
  sendAutoReplyJob,
  type AutoReplies,
  type AutoRepliesDeps,
  type AutoReplySettingsInput,
  type HelpdeskStore,
  type IncomingMail,
  type OutgoingReply,
} from '../../../src/helpdesk/index.js';
import type { GraphClient } from '../../../src/graph/index.js';
import { createJobQueue, type JobContext } from '../../../src/jobs/index.js';
import { createSilentLogger } from '../../../src/shared/index.js';
import { openHelpdeskTestStore, type HelpdeskTestContext } from './helpdesk-store.js';
import { createManualClock, type ManualClock } from '../manual-clock.js';
import { insertResourceRow } from '../store/resource-rows.js';
import type { TestDatabase } from '../test-databases.js';

/** A helpdesk store wired to auto-replies, a recording transport, and helpers to run the send job by hand. */
export interface AutoReplyTestContext extends HelpdeskTestContext {
  clock: ManualClock;
  helpdesk: HelpdeskStore;
  autoReplies: AutoReplies;
  /** What the transports were asked to send. */
  sent: OutgoingReply[];
  /** Makes the next sends throw these errors, one each. */
  failNext: unknown[];
  /** Adds a watched mailbox (a resource) and returns its id. */
  addResource(email: string, settings?: AutoReplySettingsInput): Promise<string>;
  /** Processes `mail` as the pipeline would for the resource, and applies the unit of work. */
  handle(resourceId: string, mail: IncomingMail, codes?: Record<string, string>): Promise<string>;
  /** Payloads of the enqueued send jobs, oldest first, removing them from the queue. */
  takeJobs(): Promise<unknown[]>;
  /** Runs one send job as attempt `attempt` of `maxAttempts`. */
  runJob(payload: unknown, attempt?: number, maxAttempts?: number): Promise<void>;
}

/** Opens a migrated store with auto-replies on `db`; rules and the SMTP transport may be replaced. */
export async function openAutoReplyTestContext(
  db: TestDatabase,
  options: Pick<AutoRepliesDeps, 'rules' | 'smtpTransport'> = {},
): Promise<AutoReplyTestContext> {
  const base = await openHelpdeskTestStore(db);
  const { store } = base;
  for (const table of ['auto_reply_log', 'auto_reply_settings', 'jobs', 'messages', 'resources'] as const) {
    await store.db.deleteFrom(table).execute();
  }
  const clock = createManualClock(new Date());
  const log = createSilentLogger();
  const sent: OutgoingReply[] = [];
  const failNext: unknown[] = [];
  const recording = {
    async send(reply: OutgoingReply) {
      if (failNext.length > 0) throw failNext.shift();
      sent.push(reply);
    },
  };
  const autoReplies = createAutoReplies({
    store,
    queue: createJobQueue({ store, clock, log }),
    // The Graph transport's only call; the recipient is in the MIME.
    graphFor: () => {
      const sendMime = (from: string, mime: string) => recording.send({ from, to: '', mime });
      return { messages: { sendMime } } as unknown as Pick<GraphClient, 'messages'>;
    },
    clock,
    log,
    smtpTransport: options.smtpTransport ?? (() => recording),
    ...(options.rules ? { rules: options.rules } : {}),
  });
  const helpdesk = createHelpdeskStore({ store, dataDir: base.dataDir, clock, autoReplies });
  const context: JobContext = {
    jobId: 'job',
    name: sendAutoReplyJob.name,
    attempt: 1,
    maxAttempts: 3,
    signal: new AbortController().signal,
    log,
  };
  return {
    ...base,
    clock,
    helpdesk,
    autoReplies,
    sent,
    failNext,
    async addResource(email, settings) {
      const id = await insertResourceRow(store.db, { email, createdAt: clock.now().toISOString() });
      if (settings) await autoReplies.settings.update(id, settings);
      return id;
    },
    async handle(resourceId, mail, codes) {
      const uow = helpdesk.unitOfWork();
      const found = await processEmail({ helpdesk, resource: { id: resourceId } }, mail, uow);
      if (codes) uow.addMergeCodes(found, codes);
      await helpdesk.applyNow(uow.commit());
      return found.id;
    },
    async takeJobs() {
      const rows = await store.db
        .selectFrom('jobs')
        .selectAll()
        .where('name', '=', sendAutoReplyJob.name)
        .orderBy('created_at')
        .execute();
      await store.db.deleteFrom('jobs').where('name', '=', sendAutoReplyJob.name).execute();
      return rows.map((r) => JSON.parse(r.payload) as unknown);
    },
    async runJob(payload, attempt = 1, maxAttempts = 3) {
      const handler = autoReplies.jobHandlers[sendAutoReplyJob.name];
      if (!handler) throw new Error('no auto-reply job handler');
      await handler(payload, { ...context, attempt, maxAttempts });
    },
  };
}
