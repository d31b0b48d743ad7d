import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { MailHandler } from '../../src/handlers/index.js';
import type { MessageView, ResourceView, SyncRun } from '../../src/inbox/index.js';
import { createOffsetClock } from '../support/offset-clock.js';
import { startPipeline, supportAddress, type PipelineHarness } from '../support/pipeline/pipeline-harness.js';
import { testDatabases } from '../support/test-databases.js';
import { waitFor } from '../support/wait-for.js';

const hourMs = 3_600_000;

for (const database of testDatabases()) {
  describe(`subscriptions, lifecycle and intake on ${database.name}`, () => {
    const seen: string[] = [];
    const handler: MailHandler = async (call) => {
      seen.push(String(call.email.message.subject));
      return { status: 'processed' };
    };
    const clock = createOffsetClock();
    let harness: PipelineHarness;
    let resource: ResourceView;
    const view = async () => (await harness.api<ResourceView>('GET', `/api/resources/${resource.id}`)).body;
    const subscriptionRow = () =>
      harness.service.store.db
        .selectFrom('resource_subscriptions')
        .selectAll()
        .where('resource_id', '=', resource.id)
        .executeTakeFirstOrThrow();
    const deliver = (subject: string) =>
      harness.sim.control.deliver(supportAddress, {
        subject,
        from: { emailAddress: { address: 'c@example.com' } },
      });
    const advanceBoth = (ms: number) => {
      clock.advance(ms);
      harness.sim.control.advanceTime(ms);
    };

    beforeAll(async () => {
      harness = await startPipeline({
        database,
        handlers: { '/inbox/': handler },
        clock,
        extraYaml: '      sync_history_length: 3',
      });
      resource = (
        await harness.api<ResourceView>('POST', '/api/resources', {
          clientName: 'demo',
          email: supportAddress,
          webhookTarget: '/inbox/',
        })
      ).body;
      await waitFor('an active subscription', async () => (await view()).state === 'Active');
    });
    afterAll(async () => harness?.stop());
    // Each test starts from a watched inbox with a live subscription: the expiry test lets it lapse under a fault.
    beforeEach(async () => {
      harness.sim.control.clearFaults();
      await harness.service.inbox.subscriptions.ensure(resource.id);
      await waitFor('a live subscription', async () => ['Active', 'Degraded'].includes((await view()).state));
    });

    it('a notification with a wrong clientState enqueues nothing and is counted as a security event', async () => {
      const { subscription_id } = await subscriptionRow();
      const before = harness.service.inbox.metrics.securityEvents;
      const response = await fetch(`${harness.url}/graph/notifications`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          value: [
            {
              subscriptionId: subscription_id,
              clientState: 'guessed',
              changeType: 'created',
              resource: `Users/x/Messages/forged`,
              resourceData: { '@odata.type': '#Microsoft.Graph.Message', id: 'forged-id' },
            },
          ],
        }),
      });
      expect(response.status).toBe(202);
      expect(harness.service.inbox.metrics.securityEvents).toBe(before + 1);
      const forged = await harness.service.store.db
        .selectFrom('messages')
        .select('id')
        .where('graph_message_id', '=', 'forged-id')
        .execute();
      expect(forged).toEqual([]);
    });

    it('answers the validation handshake with the token as text/plain', async () => {
      const response = await fetch(
        `${harness.url}/graph/notifications?validationToken=Validation%3A%20abc%2B123`,
        { method: 'POST' },
      );
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toContain('text/plain');
      expect(await response.text()).toBe('Validation: abc+123');
    });

    it('an inactive resource keeps its mail Unprocessed and counted; re-activation processes it', async () => {
      await harness.api('PATCH', `/api/resources/${resource.id}`, { inactive: true });
      await deliver('While inactive');
      await waitFor('the mail to be recorded', async () => (await view()).counts.unprocessed === 1);
      expect((await view()).state).toBe('Inactive');
      expect(seen).not.toContain('While inactive');
      await harness.api('PATCH', `/api/resources/${resource.id}`, { inactive: false });
      await waitFor('the mail to be processed', () => seen.includes('While inactive'));
      expect((await view()).counts.unprocessed).toBe(0);
    });

    it('renews the subscription once half of its lifetime has passed', async () => {
      const before = await subscriptionRow();
      const lifetimeMs =
        new Date(before.expires_at ?? 0).getTime() - new Date(before.renewed_at ?? 0).getTime();
      advanceBoth(lifetimeMs / 2 + hourMs);
      const due = await harness.service.inbox.subscriptions.dueForRenewal();
      expect(due).toEqual([resource.id]);
      const result = await harness.service.inbox.subscriptions.ensure(resource.id);
      expect(result.outcome).toBe('renewed');
      const after = await subscriptionRow();
      expect(after.subscription_id).toBe(before.subscription_id);
      expect(new Date(after.expires_at ?? 0).getTime()).toBeGreaterThan(
        new Date(before.expires_at ?? 0).getTime(),
      );
      expect(await harness.service.inbox.subscriptions.dueForRenewal()).toEqual([]);
    });

    it('a removed subscription is recreated and the mail of the gap is reconciled', async () => {
      const before = await subscriptionRow();
      harness.sim.control.removeSubscription(before.subscription_id ?? '', { notify: false });
      await deliver('During the gap');
      // Graph's subscriptionRemoved lifecycle event, as the simulator sends it when asked to notify.
      const response = await fetch(`${harness.url}/graph/lifecycle`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          value: [
            {
              subscriptionId: before.subscription_id,
              clientState: before.client_state,
              lifecycleEvent: 'subscriptionRemoved',
            },
          ],
        }),
      });
      expect(response.status).toBe(202);
      await waitFor('a new subscription', async () => {
        const row = await subscriptionRow();
        return Boolean(row.subscription_id) && row.subscription_id !== before.subscription_id;
      });
      await waitFor('the gap mail to be processed', () => seen.includes('During the gap'));
      await deliver('After recreation');
      await waitFor('mail after recreation to be processed', () => seen.includes('After recreation'));
    });

    it('Sync & Save keeps exactly sync_history_length runs per client', async () => {
      for (let i = 0; i < 5; i += 1) {
        const run = await harness.api<SyncRun[]>('POST', '/api/sync', { client: 'demo' });
        expect(run.status).toBe(200);
        expect(run.body[0]?.outcomes[0]?.outcome).toBe('renewed');
      }
      const history = await harness.api<SyncRun[]>('GET', '/api/sync/history?client=demo');
      expect(history.body).toHaveLength(3);
    });

    it('a renewal that keeps failing shows the inbox as Expired once the subscription lapses', async () => {
      harness.sim.control.setFaults([
        { kind: 'throttle', operation: 'subscription.update', retryAfterSeconds: 0.01 },
      ]);
      const failed = await harness.service.inbox.subscriptions.ensure(resource.id, { force: true });
      expect(failed.outcome).toBe('failed');
      // A failed renewal alone changes nothing; a gap mail reconciled by another test may leave it Degraded.
      expect(['Active', 'Degraded']).toContain((await view()).state);
      const row = await subscriptionRow();
      advanceBoth(new Date(row.expires_at ?? 0).getTime() - clock.now().getTime() + hourMs);
      await harness.service.inbox.subscriptions.ensure(resource.id);
      const expired = await view();
      expect(expired.state).toBe('Expired');
      expect(expired.stateReason).toContain('throttled');
      harness.sim.control.clearFaults();
      const summary = await harness.api<{ inboxes: Array<{ email: string; state: string }> }>(
        'GET',
        '/api/status/inbox-summary',
      );
      expect(summary.body.inboxes).toEqual([
        expect.objectContaining({ email: supportAddress, state: 'Expired' }),
      ]);
    });

    it('lists mails by status through the admin API', async () => {
      await deliver('Listed by status');
      await waitFor('the mail to be processed', () => seen.includes('Listed by status'));
      const subjects = async (status: string) =>
        (
          await harness.api<{ items: MessageView[] }>(
            'GET',
            `/api/messages?resource=${resource.id}&status=${status}`,
          )
        ).body.items.map((m) => m.subject);
      await waitFor('the mail to be listed as processed', async () =>
        (await subjects('processed')).includes('Listed by status'),
      );
      expect(await subjects('failed')).not.toContain('Listed by status');
      expect(await subjects('unprocessed')).not.toContain('Listed by status');
    });
  });
}
