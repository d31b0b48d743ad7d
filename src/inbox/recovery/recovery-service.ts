import { randomUUID } from 'node:crypto';
import { RecoveryInvalid, RecoveryTargetMissing, ResourceNotFound } from '../../errors/index.js';
import { isoNow } from '../../shared/index.js';
import type { InboxDeps } from '../inbox-deps.js';
import { inboxJobs } from '../inbox-jobs.js';
import type { MessageProcessor } from '../processing/message-processor.js';
import { findResource } from '../resources/resource-repository.js';
import { parseIsoDate, recoveryRequestProblems, type RecoveryRequest } from './recovery-request.js';

/** A recovery task as listed to admins. */
export interface RecoveryTaskView {
  id: string;
  type: 'failed' | 'unprocessed';
  resourceId: string | null;
  since: string;
  messageIds: string[] | null;
  status: 'queued' | 'running' | 'done' | 'failed';
  total: number;
  done: number;
  failed: number;
  error: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

/** Recovery (the seed's panel): replay Failed or Unprocessed mails from a date through the recovery target. */
export function createRecoveryService(deps: InboxDeps, processor: MessageProcessor) {
  const { store, clock, queue, log } = deps;

  const validate = async (request: RecoveryRequest) => {
    const problems = recoveryRequestProblems(request, clock.now());
    if (problems.length) throw RecoveryInvalid.create({ problems });
    if (request.resourceId) {
      const resource = await findResource(store.db, request.resourceId);
      if (!resource) throw ResourceNotFound.create({ id: request.resourceId });
      if (!resource.recovery_target) throw RecoveryTargetMissing.create({ email: resource.email });
    }
  };

  const selectMails = (task: {
    type: string;
    resource_id: string | null;
    since: string;
    message_ids: string | null;
  }) => {
    let query = store.db
      .selectFrom('messages as m')
      .innerJoin('resources as r', 'r.id', 'm.resource_id')
      .select(['m.id', 'r.recovery_target', 'r.email'])
      .where('m.status', '=', task.type === 'failed' ? 'failed' : 'unprocessed')
      .where((eb) =>
        eb.or([
          eb('m.received_at', '>=', task.since),
          eb.and([eb('m.received_at', 'is', null), eb('m.first_seen_at', '>=', task.since)]),
        ]),
      )
      .orderBy('m.received_at');
    if (task.resource_id) query = query.where('m.resource_id', '=', task.resource_id);
    if (task.message_ids) query = query.where('m.id', 'in', JSON.parse(task.message_ids) as string[]);
    return query.execute();
  };

  const toView = (row: {
    id: string;
    type: 'failed' | 'unprocessed';
    resource_id: string | null;
    since: string;
    message_ids: string | null;
    status: RecoveryTaskView['status'];
    total: number;
    done: number;
    failed: number;
    error: string | null;
    created_at: string;
    started_at: string | null;
    finished_at: string | null;
  }): RecoveryTaskView => ({
    id: row.id,
    type: row.type,
    resourceId: row.resource_id,
    since: row.since,
    messageIds: row.message_ids ? (JSON.parse(row.message_ids) as string[]) : null,
    status: row.status,
    total: row.total,
    done: row.done,
    failed: row.failed,
    error: row.error,
    createdAt: row.created_at,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
  });

  return {
    /** Records a recovery task and queues it for the workers; nothing is recorded when the request is invalid. */
    async start(request: RecoveryRequest): Promise<RecoveryTaskView> {
      return (await this.queueTask(request)).task;
    },

    /**
     * `start`, also answering the id of the task's job: a caller that wants to run the task itself (the CLI, to
     * show progress) claims that job through the queue, so a task runs in exactly one place.
     */
    async queueTask(request: RecoveryRequest): Promise<{ task: RecoveryTaskView; jobId: string }> {
      await validate(request);
      const id = randomUUID();
      const now = isoNow(clock);
      const messageIds = request.messageIds?.length
        ? [...new Set(request.messageIds.map(String))].sort()
        : null;
      const jobId = await store.transaction(async (trx) => {
        await trx
          .insertInto('recovery_tasks')
          .values({
            id,
            type: request.type,
            resource_id: request.resourceId ?? null,
            since: (parseIsoDate(request.since) as Date).toISOString(),
            message_ids: messageIds ? JSON.stringify(messageIds) : null,
            status: 'queued',
            total: 0,
            done: 0,
            failed: 0,
            created_at: now,
          })
          .execute();
        return queue.enqueue(trx, { job: inboxJobs.runRecovery, payload: { taskId: id }, maxAttempts: 3 });
      });
      return { task: await this.get(id), jobId };
    },

    /** Runs a queued task: each mail through its resource's recovery target, counting progress as it goes. */
    async run(taskId: string): Promise<void> {
      const task = await store.db
        .selectFrom('recovery_tasks')
        .selectAll()
        .where('id', '=', taskId)
        .executeTakeFirst();
      if (!task || task.status === 'done') return;
      const mails = await selectMails(task);
      let done = 0;
      let failed = 0;
      await store.db
        .updateTable('recovery_tasks')
        .set({ status: 'running', total: mails.length, started_at: task.started_at ?? isoNow(clock) })
        .where('id', '=', taskId)
        .execute();
      let total = mails.length;
      for (const mail of mails) {
        const outcome = mail.recovery_target
          ? await processor.process({ ledgerId: mail.id, kind: 'recovery', attempt: 1, maxAttempts: 1 })
          : 'failed';
        // Left: no longer Failed/Unprocessed when its turn came (another runner took it), so not this task's.
        if (outcome === 'left') total -= 1;
        else if (outcome === 'failed') failed += 1;
        else done += 1;
        await store.db
          .updateTable('recovery_tasks')
          .set({ total, done, failed })
          .where('id', '=', taskId)
          .execute();
      }
      await store.db
        .updateTable('recovery_tasks')
        .set({ status: 'done', finished_at: isoNow(clock) })
        .where('id', '=', taskId)
        .execute();
      log.info({ taskId, total, done, failed }, 'recovery finished');
    },

    async get(id: string): Promise<RecoveryTaskView> {
      const row = await store.db
        .selectFrom('recovery_tasks')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirst();
      if (!row) throw RecoveryInvalid.create({ problems: [`task ${id} not found`] });
      return toView(row);
    },

    /** Every task, newest first. */
    async list(options: { resourceId?: string; limit?: number } = {}): Promise<RecoveryTaskView[]> {
      let query = store.db
        .selectFrom('recovery_tasks')
        .selectAll()
        .orderBy('created_at', 'desc')
        .limit(options.limit ?? 100);
      if (options.resourceId) query = query.where('resource_id', '=', options.resourceId);
      return (await query.execute()).map(toView);
    },

    /** Failed and Unprocessed mails received in the last 24 hours, as the seed's recovery panel shows. */
    async last24Hours(resourceId?: string): Promise<{ failed: number; unprocessed: number }> {
      const since = new Date(clock.now().getTime() - 86_400_000).toISOString();
      let query = store.db
        .selectFrom('messages')
        .select(['status', store.db.fn.countAll<string | number>().as('n')])
        .where('status', 'in', ['failed', 'unprocessed'])
        .where('first_seen_at', '>=', since)
        .groupBy('status');
      if (resourceId) query = query.where('resource_id', '=', resourceId);
      const rows = await query.execute();
      const count = (status: string) => Number(rows.find((r) => r.status === status)?.n ?? 0);
      return { failed: count('failed'), unprocessed: count('unprocessed') };
    },
  };
}
