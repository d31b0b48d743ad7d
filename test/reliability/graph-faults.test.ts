import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ResourceView } from '../../src/inbox/index.js';
import { deliverStream, reliabilityFull, runSeed } from '../support/mail/mail-stream.js';
import {
  startPipeline,
  supportAddress,
  type PipelineHarness,
  watchMailbox,
} from '../support/pipeline/pipeline-harness.js';
import { testDatabases } from '../support/test-databases.js';
import {
  countTickets,
  createTicketHandler,
  createTicketTable,
  exactlyOnceReport,
  readTickets,
} from '../support/processes/ticket-handler.js';
import { waitFor } from '../support/wait-for.js';

const mailCount = reliabilityFull ? 1_000 : 150;
const perSecond = reliabilityFull ? 50 : 100;
// Graph's own Retry-After (2.128 s) in the full run; shorter in `npm test` so the reduced run stays short.
const retryAfterSeconds = reliabilityFull ? undefined : 0.1;
const seed = runSeed();

for (const database of testDatabases()) {
  describe(`Graph faults and lost notifications on ${database.name}`, () => {
    let harness: PipelineHarness;
    let resource: ResourceView;

    beforeAll(async () => {
      harness = await startPipeline({
        database,
        handlers: { '/inbox/': createTicketHandler({ instance: 'faults' }) },
        simulator: { randomSeed: seed },
        settings: { processAttempts: 35 },
      });
      await createTicketTable(harness.service.store);
      resource = await watchMailbox(harness, supportAddress);
    });
    afterAll(async () => harness?.stop());

    it('with 10% 429s, 5% 503s, 20% of notifications dropped and 5% duplicated, every mail is processed once', async () => {
      console.info(`graph-faults seed ${seed} (MS_INBOX_RELIABILITY_SEED replays it)`);
      const { control } = harness.sim;
      control.setFaults([
        { kind: 'throttle', probability: 0.1, retryAfterSeconds },
        { kind: 'unavailable', probability: 0.05, retryAfterSeconds },
        { kind: 'dropNotification', probability: 0.2 },
        { kind: 'duplicateNotification', probability: 0.05 },
      ]);
      const { subjects } = await deliverStream(harness.sim, supportAddress, {
        count: mailCount,
        perSecond,
        prefix: 'Faulty mail',
      });
      await waitFor('the notifications to be delivered', () => control.pendingNotifications() === 0, {
        timeoutMs: 60_000,
      });
      // Dropped notifications are found by reconciliation (hourly on its own; the test does not wait an hour).
      // The faults stay on: the delta query itself is throttled too, and retried.
      const reconciled = await harness.service.inbox.reconciler.reconcile(resource.id);
      expect(reconciled?.added).toBeGreaterThan(0);

      await waitFor(
        'a ticket for every mail and an empty Inbox',
        async () =>
          (await countTickets(harness.service.store.db)) >= mailCount &&
          control.listMessages(supportAddress, 'inbox').length === 0,
        { timeoutMs: reliabilityFull ? 300_000 : 60_000, intervalMs: 200 },
      );
      const applied = Object.fromEntries(control.listFaults().map((f) => [f.kind, f.applied]));
      expect(applied.throttle).toBeGreaterThan(0);
      expect(applied.unavailable).toBeGreaterThan(0);
      expect(applied.dropNotification).toBeGreaterThan(0);
      // 5% of 150 notifications may, rarely, be none at all; the full run always duplicates some.
      if (reliabilityFull) expect(applied.duplicateNotification).toBeGreaterThan(0);
      control.clearFaults();

      const report = exactlyOnceReport(subjects, await readTickets(harness.service.store.db));
      expect(report).toEqual({ missing: [], doubled: [], unexpected: [] });
      const view = (await harness.api<ResourceView>('GET', `/api/resources/${resource.id}`)).body;
      expect(view.counts.processed).toBe(mailCount);
    }, 400_000);
  });
}
