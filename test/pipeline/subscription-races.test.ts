import { afterEach, describe, expect, it } from 'vitest';
import type { MailHandler } from '../../src/handlers/index.js';
import type { MessageView, ResourceView } from '../../src/inbox/index.js';
import {
  salesAddress,
  startPipeline,
  supportAddress,
  type PipelineHarness,
  watchMailbox,
} from '../support/pipeline/pipeline-harness.js';
import { testDatabases } from '../support/test-databases.js';
import { waitFor } from '../support/wait-for.js';

const handler: MailHandler = async () => ({ status: 'processed' });

// Races between Graph and our own writes that a busy machine makes likely: each ends with every mail processed,
// exactly one subscription per watched mailbox, and no inbox shown Degraded for a notification that was late.
for (const database of testDatabases()) {
  describe(`subscription races on ${database.name}`, () => {
    let harness: PipelineHarness | undefined;
    afterEach(async () => {
      await harness?.stop();
      harness = undefined;
    });

    const start = async () => {
      harness = await startPipeline({ database, handlers: { '/inbox/': handler } });
      // PostgreSQL keeps one database per suite: start from no resource, whatever ran before.
      await harness.service.store.db.deleteFrom('resources').execute();
      return harness;
    };
    const viewOf = async (pipeline: PipelineHarness, id: string) =>
      (await pipeline.api<ResourceView>('GET', `/api/resources/${id}`)).body;
    const processedSubjects = async (pipeline: PipelineHarness, id: string) =>
      (
        await pipeline.api<{ items: MessageView[] }>('GET', `/api/messages?resource=${id}&status=processed`)
      ).body.items.map((m) => m.subject);

    it('accepts mail announced before the new subscription’s id is stored, by its clientState', async () => {
      const pipeline = await start();
      const resource = await watchMailbox(pipeline, supportAddress);
      // The moment between Graph creating the subscription and our write of its id: only the clientState,
      // written before the create, is stored.
      await pipeline.service.store.db
        .updateTable('resource_subscriptions')
        .set({ subscription_id: null })
        .where('resource_id', '=', resource.id)
        .execute();
      await pipeline.sim.control.deliver(supportAddress, {
        subject: 'Announced early',
        from: { emailAddress: { address: 'c@example.com' } },
      });
      await waitFor('the early mail to be processed', async () =>
        (await processedSubjects(pipeline, resource.id)).includes('Announced early'),
      );
      const [row] = (
        await pipeline.api<{ items: MessageView[] }>('GET', `/api/messages?resource=${resource.id}`)
      ).body.items;
      expect(row).toMatchObject({ subject: 'Announced early', source: 'notification' });
    }, 60_000);

    it('a mail reconciliation records just before its notification arrives is not counted as missed', async () => {
      const pipeline = await start();
      const resource = await watchMailbox(pipeline, supportAddress);
      pipeline.sim.control.setFaults([
        { kind: 'delayNotification', mailbox: supportAddress, delayMs: 1_500, count: 1 },
      ]);
      await pipeline.sim.control.deliver(supportAddress, {
        subject: 'Late notification',
        from: { emailAddress: { address: 'c@example.com' } },
      });
      const result = await pipeline.service.inbox.reconciler.reconcile(resource.id);
      expect(result?.added).toBe(1);
      expect((await viewOf(pipeline, resource.id)).state).toBe('Degraded');

      await waitFor('the late notification', () => pipeline.sim.control.pendingNotifications() === 0);
      await waitFor('the inbox to be Active again', async () => {
        const view = await viewOf(pipeline, resource.id);
        return view.state === 'Active';
      });
      expect(await viewOf(pipeline, resource.id)).toMatchObject({
        missedByNotifications: 0,
        missedRecently: { count: 0, lastAt: null },
      });
      expect(await processedSubjects(pipeline, resource.id)).toEqual(['Late notification']);
    }, 60_000);

    it('a mailbox changed while its first subscription is being created ends with the new mailbox watched only', async () => {
      const pipeline = await start();
      // Graph takes its time to create the first subscription; the admin corrects the address meanwhile.
      pipeline.sim.control.setFaults([
        { kind: 'latency', operation: 'subscription.create', latencyMs: 1_500, count: 1 },
      ]);
      const created = await pipeline.api<ResourceView>('POST', '/api/resources', {
        clientName: 'demo',
        email: supportAddress,
        webhookTarget: '/inbox/',
      });
      expect(created.status).toBe(201);
      // Its clientState is stored and its id not yet: the create is on its way to Graph.
      await waitFor('the create to be under way', async () => {
        const row = await pipeline.service.store.db
          .selectFrom('resource_subscriptions')
          .select(['client_state', 'subscription_id'])
          .where('resource_id', '=', created.body.id)
          .executeTakeFirst();
        return Boolean(row?.client_state) && !row?.subscription_id;
      });
      const changed = await pipeline.api('PATCH', `/api/resources/${created.body.id}`, {
        email: salesAddress,
      });
      expect(changed.status).toBe(200);

      const subscriptionsOf = (mailbox: string) =>
        pipeline.sim.control
          .listSubscriptions()
          .filter((s) => s.mailbox.toLowerCase() === mailbox.toLowerCase());
      await waitFor(
        'one subscription for sales and none for support',
        () => subscriptionsOf(salesAddress).length === 1 && subscriptionsOf(supportAddress).length === 0,
        { timeoutMs: 20_000 },
      );
      await waitFor('the resource to show the sales subscription', async () => {
        const view = await viewOf(pipeline, created.body.id);
        return view.state === 'Active' && view.subscription?.id === subscriptionsOf(salesAddress)[0]?.id;
      });
      await pipeline.sim.control.deliver(salesAddress, { subject: 'To sales' });
      await waitFor('the sales mail to be processed', async () =>
        (await processedSubjects(pipeline, created.body.id)).includes('To sales'),
      );
    }, 60_000);
  });
}
