import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MailHandler } from '../../src/handlers/index.js';
import type { ResourceView } from '../../src/inbox/index.js';
import {
  startPipeline,
  supportAddress,
  type PipelineHarness,
  watchMailbox,
} from '../support/pipeline/pipeline-harness.js';
import { testDatabases } from '../support/test-databases.js';
import { waitFor } from '../support/wait-for.js';

const mailCount = 500;

for (const database of testDatabases()) {
  describe(`pipeline under lost and duplicated notifications on ${database.name}`, () => {
    const callsBySubject = new Map<string, number>();
    const handler: MailHandler = async (call) => {
      const subject = String(call.email.message.subject);
      callsBySubject.set(subject, (callsBySubject.get(subject) ?? 0) + 1);
      return { status: 'processed' };
    };
    let harness: PipelineHarness;
    let resource: ResourceView;

    beforeAll(async () => {
      harness = await startPipeline({
        database,
        handlers: { '/inbox/': handler },
        simulator: { randomSeed: 20261126 },
      });
      resource = await watchMailbox(harness, supportAddress);
    });
    afterAll(async () => harness?.stop());

    it('with 20% of notifications dropped and 5% duplicated, one reconciliation later every mail is processed exactly once', async () => {
      harness.sim.control.setFaults([
        { kind: 'dropNotification', probability: 0.2 },
        { kind: 'duplicateNotification', probability: 0.05 },
      ]);
      for (let i = 0; i < mailCount; i += 1) {
        await harness.sim.control.deliver(supportAddress, {
          subject: `Request ${i}`,
          body: { contentType: 'text', content: `mail ${i}` },
          from: { emailAddress: { address: `customer${i}@example.com` } },
        });
      }
      await waitFor('notifications to be delivered', () => harness.sim.control.pendingNotifications() === 0, {
        timeoutMs: 60_000,
      });
      const faults = harness.sim.control.listFaults();
      expect(faults.find((f) => f.kind === 'dropNotification')?.applied).toBeGreaterThan(50);
      expect(faults.find((f) => f.kind === 'duplicateNotification')?.applied).toBeGreaterThan(5);
      harness.sim.control.clearFaults();

      const result = await harness.service.inbox.reconciler.reconcile(resource.id);
      expect(result?.added).toBeGreaterThan(50);
      expect(result?.missedByNotifications).toBe(result?.added);

      await waitFor(
        'every mail to be processed and disposed',
        () => harness.sim.control.listMessages(supportAddress, 'inbox').length === 0,
        { timeoutMs: 90_000 },
      );
      expect(callsBySubject.size).toBe(mailCount);
      expect([...callsBySubject.values()].every((n) => n === 1)).toBe(true);
      const view = (await harness.api<ResourceView>('GET', `/api/resources/${resource.id}`)).body;
      expect(view.counts.processed).toBe(mailCount);
      expect(view.missedByNotifications).toBe(result?.added);
    }, 180_000);
  });
}
