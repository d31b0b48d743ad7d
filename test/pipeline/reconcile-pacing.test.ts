import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MessageView } from '../../src/inbox/index.js';
import {
  startPipeline,
  supportAddress,
  type PipelineHarness,
  watchMailbox,
} from '../support/pipeline/pipeline-harness.js';
import { testDatabases } from '../support/test-databases.js';
import { waitFor } from '../support/wait-for.js';

const paceMs = 60_000;

// A backlog found by reconciliation is paced per mailbox (`reconcilePaceMs`), so after an outage the mails of every
// mailbox interleave in the job queue instead of one mailbox's thousands holding every worker slot (bench P6).
for (const database of testDatabases()) {
  describe(`reconciliation pacing on ${database.name}`, () => {
    let harness: PipelineHarness;
    beforeAll(async () => {
      harness = await startPipeline({
        database,
        handlers: { '/inbox/': async () => ({ status: 'processed' }) },
        settings: { reconcilePaceMs: paceMs },
      });
      await harness.service.store.db.deleteFrom('resources').execute();
    });
    afterAll(async () => harness?.stop());

    it('queues the mails it finds one pace apart: the first runs now, the others later', async () => {
      const resource = await watchMailbox(harness, supportAddress);
      harness.sim.control.setFaults([{ kind: 'dropNotification', mailbox: supportAddress, count: 3 }]);
      for (const n of [1, 2, 3]) {
        await harness.sim.control.deliver(supportAddress, { subject: `Backlog ${n}` });
      }
      await waitFor(
        'the notifications to be dropped',
        () => harness.sim.control.pendingNotifications() === 0,
      );
      const before = Date.now();
      const result = await harness.service.inbox.reconciler.reconcile(resource.id);
      expect(result?.added).toBe(3);

      await waitFor('the first mail to be processed', async () => {
        const listed = await harness.api<{ items: MessageView[] }>(
          'GET',
          `/api/messages?resource=${resource.id}&status=processed`,
        );
        return listed.body.items.length === 1;
      });
      const waiting = await harness.service.store.db
        .selectFrom('jobs')
        .select('run_at')
        .where('name', '=', 'inbox.process-message')
        .orderBy('run_at')
        .execute();
      expect(waiting).toHaveLength(2);
      const delays = waiting.map((job) => new Date(job.run_at).getTime() - before);
      expect(delays[0]).toBeGreaterThanOrEqual(paceMs - 1_000);
      expect(delays[0]).toBeLessThan(paceMs + 5_000);
      expect(delays[1]! - delays[0]!).toBe(paceMs);
    }, 60_000);
  });
}
