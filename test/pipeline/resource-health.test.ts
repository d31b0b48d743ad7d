import { afterEach, describe, expect, it } from 'vitest';
import type { MailHandler } from '../../src/handlers/index.js';
import type { InboxSummary, ResourceView } from '../../src/inbox/index.js';
import { demoTenant } from '../../src/simulator/index.js';
import { createOffsetClock } from '../support/offset-clock.js';
import {
  adminToken,
  startPipeline,
  supportAddress,
  type PipelineHarness,
  watchMailbox,
} from '../support/pipeline/pipeline-harness.js';
import { testDatabases } from '../support/test-databases.js';
import { waitFor } from '../support/wait-for.js';

const handler: MailHandler = async () => ({ status: 'processed' });
const dayMs = 24 * 3_600_000;

for (const database of testDatabases()) {
  describe(`resource health on ${database.name}`, () => {
    let harness: PipelineHarness | undefined;
    afterEach(async () => {
      await harness?.stop();
      harness = undefined;
    });

    const addSupportInbox = async (pipeline: PipelineHarness) => {
      // PostgreSQL keeps one database per suite: start from no resource, whatever ran before.
      await pipeline.service.store.db.deleteFrom('resources').execute();
      return watchMailbox(pipeline, supportAddress);
    };
    const metricsOf = async (pipeline: PipelineHarness) =>
      (await fetch(`${pipeline.url}/metrics`, { headers: { authorization: `Bearer ${adminToken}` } })).text();
    const viewOf = async (pipeline: PipelineHarness, id: string) =>
      (await pipeline.api<ResourceView>('GET', `/api/resources/${id}`)).body;

    it('a mail reconciliation finds without a notification makes the resource Degraded for 24 hours', async () => {
      const clock = createOffsetClock();
      const pipeline = await startPipeline({ database, handlers: { '/inbox/': handler }, clock });
      harness = pipeline;
      const resource = await addSupportInbox(pipeline);
      pipeline.sim.control.setFaults([{ kind: 'dropNotification', mailbox: supportAddress, count: 1 }]);
      await pipeline.sim.control.deliver(supportAddress, {
        subject: 'Nobody told us',
        from: { emailAddress: { address: 'c@example.com' } },
      });
      await waitFor(
        'the notification to be dropped',
        () => pipeline.sim.control.pendingNotifications() === 0,
      );
      expect(pipeline.sim.control.listFaults()[0]?.applied).toBe(1);
      const before = clock.now().toISOString();
      const result = await pipeline.service.inbox.reconciler.reconcile(resource.id);
      expect(result?.missedByNotifications).toBe(1);

      const degraded = await viewOf(pipeline, resource.id);
      expect(degraded.state).toBe('Degraded');
      expect(degraded.stateReason).toContain('1 mail(s) that no notification announced');
      expect(degraded.missedRecently.count).toBe(1);
      expect(degraded.missedRecently.lastAt! >= before).toBe(true);
      const summary = (await pipeline.api<InboxSummary>('GET', '/api/status/inbox-summary')).body;
      expect(summary.allWell).toBe(false);
      expect(summary.inboxes).toEqual([
        expect.objectContaining({ email: supportAddress, state: 'Degraded', missedRecently: 1 }),
      ]);
      const metrics = await metricsOf(pipeline);
      expect(metrics).toContain(`msi_resource_state{resource="${supportAddress}",state="Degraded"} 1`);
      expect(metrics).toContain(`msi_resource_state{resource="${supportAddress}",state="Active"} 0`);
      expect(metrics).toContain(`msi_resource_missed_mails{resource="${supportAddress}"} 1`);

      clock.advance(dayMs + 60_000);
      const healed = await viewOf(pipeline, resource.id);
      expect(healed).toMatchObject({ state: 'Active', missedRecently: { count: 0, lastAt: null } });
      expect(healed.missedByNotifications).toBe(1);
      expect((await pipeline.api<InboxSummary>('GET', '/api/status/inbox-summary')).body).toEqual({
        allWell: true,
        inboxes: [],
      });
      expect(await metricsOf(pipeline)).toContain(
        `msi_resource_missed_mails{resource="${supportAddress}"} 0`,
      );
    }, 60_000);

    it('a client without Mail.ReadWrite shows the failed disposal, its Graph error and the hint', async () => {
      const pipeline = await startPipeline({ database, handlers: { '/inbox/': handler } });
      harness = pipeline;
      pipeline.sim.control.setRoles(demoTenant.clientId, ['Mail.Read']);
      const resource = await addSupportInbox(pipeline);
      await pipeline.sim.control.deliver(supportAddress, {
        subject: 'Cannot be moved',
        from: { emailAddress: { address: 'c@example.com' } },
      });
      await waitFor('the disposal to give up', async () => {
        const view = await viewOf(pipeline, resource.id);
        return view.disposalFailures.count === 1;
      });
      const view = await viewOf(pipeline, resource.id);
      expect(view.counts.processed).toBe(1);
      expect(view.state).toBe('Degraded');
      expect(view.disposalFailures).toMatchObject({
        count: 1,
        lastErrorCode: 'MSI_GRAPH_ACCESS_DENIED',
        hint: expect.stringContaining('Mail.ReadWrite'),
      });
      expect(view.disposalFailures.lastErrorMessage).toContain('Graph denied access');
      expect(view.stateReason).toContain('could not be removed from the Inbox');
      expect(pipeline.sim.control.listMessages(supportAddress, 'inbox')).toHaveLength(1);
      const summary = (await pipeline.api<InboxSummary>('GET', '/api/status/inbox-summary')).body;
      expect(summary.inboxes).toEqual([
        expect.objectContaining({ email: supportAddress, disposalFailures: 1 }),
      ]);
      expect(await metricsOf(pipeline)).toContain(
        `msi_resource_disposal_failures{resource="${supportAddress}"} 1`,
      );

      // Each reconciliation tries the disposal again (it heals once the permission is granted).
      const moves = () =>
        pipeline.sim.control.requestLog({ mailbox: supportAddress }).filter((e) => e.status === 403).length;
      const refusedBefore = moves();
      await pipeline.service.inbox.reconciler.reconcile(resource.id);
      await waitFor('another disposal attempt', () => moves() > refusedBefore);
      expect((await viewOf(pipeline, resource.id)).disposalFailures.count).toBe(1);
    }, 60_000);
  });
}
