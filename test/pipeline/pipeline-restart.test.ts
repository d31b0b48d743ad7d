import { get } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MailHandler } from '../../src/handlers/index.js';
import {
  salesAddress,
  startPipeline,
  supportAddress,
  type PipelineHarness,
} from '../support/pipeline/pipeline-harness.js';
import { testDatabases } from '../support/test-databases.js';
import { waitFor } from '../support/wait-for.js';

// Far from any test run, so only what the service does at start or on a new subscription can find the mail.
const neverHourly = '0 0 1 1 *';
// Well under the hourly sweep: "within seconds".
const withinMs = 10_000;

/** The status of `GET url` over a new connection (a pooled one may still point at the stopped service). */
const statusOnNewConnection = (url: string) =>
  new Promise<number>((resolve, reject) => {
    get(url, { agent: false }, (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    }).on('error', reject);
  });

for (const database of testDatabases()) {
  describe(`mail that no notification announced, on ${database.name}`, () => {
    const seen: string[] = [];
    const handler: MailHandler = async (call) => {
      seen.push(String(call.email.message.subject));
      return { status: 'processed' };
    };
    let harness: PipelineHarness;

    beforeAll(async () => {
      harness = await startPipeline({
        database,
        handlers: { '/inbox/': handler },
        settings: { reconcileCron: neverHourly },
      });
    });
    afterAll(async () => harness?.stop());

    const sourcesOf = async (resourceId: string, subjects: string[]) =>
      (
        await harness.service.store.db
          .selectFrom('messages')
          .select(['subject', 'source', 'status'])
          .where('resource_id', '=', resourceId)
          .where('subject', 'in', subjects)
          .orderBy('subject')
          .execute()
      ).map((m) => `${m.subject}: ${m.source} ${m.status}`);

    it('mail delivered while the service was down is processed within seconds of its start, without delaying readiness', async () => {
      const resource = await harness.watch(supportAddress);
      const subjects = ['Down 1', 'Down 2', 'Down 3'];
      await harness.stopService();
      try {
        harness.sim.control.setFaults([{ kind: 'dropNotification', mailbox: supportAddress }]);
        for (const subject of subjects) {
          await harness.sim.control.deliver(supportAddress, {
            subject,
            from: { emailAddress: { address: 'customer@example.com' } },
          });
        }
        await waitFor(
          'the notifications to be dropped',
          () => harness.sim.control.pendingNotifications() === 0,
        );
        // The reconciliation's first Graph call takes 2 s: readiness must not wait for it.
        harness.sim.control.setFaults([
          {
            kind: 'latency',
            operation: 'messages.delta',
            mailbox: supportAddress,
            latencyMs: 2_000,
            count: 1,
          },
        ]);
      } finally {
        await harness.startService();
      }
      const started = Date.now();
      expect(await statusOnNewConnection(`${harness.url}/readyz`)).toBe(200);
      expect(subjects.some((s) => seen.includes(s))).toBe(false);

      const expected = subjects.map((s) => `${s}: reconciliation processed`);
      await waitFor(
        'the mail of the downtime to be processed',
        async () => JSON.stringify(await sourcesOf(resource.id, subjects)) === JSON.stringify(expected),
        { timeoutMs: withinMs },
      );
      expect(Date.now() - started).toBeLessThan(withinMs);
      expect(subjects.map((s) => seen.filter((x) => x === s).length)).toEqual([1, 1, 1]);
      harness.sim.control.clearFaults();
    }, 60_000);

    it('a subscription Graph no longer knows is recreated and the mail of the gap is reconciled at once', async () => {
      const resource = await harness.watch(salesAddress);
      const before = harness.sim.control.listSubscriptions().find((s) => s.resource.includes(salesAddress));
      expect(before).toBeDefined();
      harness.sim.control.removeSubscription(before?.id ?? '', { notify: false });
      await harness.sim.control.deliver(salesAddress, {
        subject: 'In the gap',
        from: { emailAddress: { address: 'customer@example.com' } },
      });

      const result = await harness.service.inbox.subscriptions.ensure(resource.id, { force: true });
      expect(result.outcome).toBe('recreated');
      await waitFor(
        'the gap mail to be processed',
        async () =>
          (await sourcesOf(resource.id, ['In the gap']))[0] === 'In the gap: reconciliation processed',
        { timeoutMs: withinMs },
      );
      expect(seen.filter((s) => s === 'In the gap')).toHaveLength(1);
    }, 60_000);
  });
}
