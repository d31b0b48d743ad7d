import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MessageView, ResourceView } from '../../src/inbox/index.js';
import {
  salesAddress,
  startPipeline,
  supportAddress,
  type PipelineHarness,
} from '../support/pipeline/pipeline-harness.js';
import { testDatabases } from '../support/test-databases.js';
import { waitFor } from '../support/wait-for.js';

for (const database of testDatabases()) {
  describe(`changing a resource's mailbox on ${database.name}`, () => {
    let harness: PipelineHarness;
    beforeAll(async () => {
      harness = await startPipeline({
        database,
        handlers: { '/inbox/': async () => ({ status: 'processed' }) },
      });
    });
    afterAll(async () => harness?.stop());

    const subscriptionsOf = (mailbox: string) =>
      harness.sim.control
        .listSubscriptions()
        .filter((s) => s.mailbox.toLowerCase() === mailbox.toLowerCase());

    it('watches the new mailbox: the old subscription goes, a new one is created, and its mail is processed', async () => {
      const created = await harness.api<ResourceView>('POST', '/api/resources', {
        clientName: 'demo',
        email: supportAddress,
        webhookTarget: '/inbox/',
      });
      expect(created.status).toBe(201);
      await waitFor('the support subscription', () => subscriptionsOf(supportAddress).length === 1);

      const changed = await harness.api<ResourceView>('PATCH', `/api/resources/${created.body.id}`, {
        email: salesAddress,
      });
      expect(changed.status).toBe(200);
      await waitFor(
        'a subscription for sales and none left for support',
        () => subscriptionsOf(salesAddress).length === 1 && subscriptionsOf(supportAddress).length === 0,
      );
      await waitFor('the resource to be Active again', async () => {
        const view = (await harness.api<ResourceView>('GET', `/api/resources/${created.body.id}`)).body;
        return view.state === 'Active' && view.subscription?.id === subscriptionsOf(salesAddress)[0]?.id;
      });

      await harness.sim.control.deliver(salesAddress, { subject: 'For the new mailbox' });
      await waitFor('the new mailbox’s mail to be processed', async () => {
        const listed = await harness.api<{ items: MessageView[] }>(
          'GET',
          `/api/messages?resource=${created.body.id}&status=processed`,
        );
        return listed.body.items.some((m) => m.subject === 'For the new mailbox');
      });
    });
  });
}
