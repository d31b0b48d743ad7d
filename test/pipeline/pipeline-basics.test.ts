import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { HandlerCall, HandlerDecision, MailHandler } from '../../src/handlers/index.js';
import type { MessageView, ResourceView } from '../../src/inbox/index.js';
import { startPipeline, supportAddress, type PipelineHarness } from '../support/pipeline/pipeline-harness.js';
import { testDatabases } from '../support/test-databases.js';
import { waitFor } from '../support/wait-for.js';

const mail = (subject: string) => ({
  subject,
  body: { contentType: 'text' as const, content: `Hello, ${subject}` },
  from: { emailAddress: { address: 'customer@example.com', name: 'A Customer' } },
});

for (const database of testDatabases()) {
  describe(`pipeline on ${database.name}`, () => {
    const calls: HandlerCall[] = [];
    let behaviour: (call: HandlerCall) => Promise<HandlerDecision> = async () => ({ status: 'processed' });
    const handler: MailHandler = async (call) => {
      calls.push(call);
      return behaviour(call);
    };
    let harness: PipelineHarness;
    let resource: ResourceView;

    beforeAll(async () => {
      harness = await startPipeline({
        database,
        handlers: { '/inbox/': handler, '/inbox/recover/': handler },
      });
      const added = await harness.api<ResourceView>('POST', '/api/resources', {
        clientName: 'demo',
        email: supportAddress,
        webhookTarget: '/inbox/',
        recoveryTarget: '/inbox/recover/',
      });
      expect(added.status).toBe(201);
      resource = added.body;
      await waitFor('an active subscription', async () => {
        const view = await harness.api<ResourceView>('GET', `/api/resources/${resource.id}`);
        return view.body.state === 'Active';
      });
    });
    afterAll(async () => harness?.stop());
    afterEach(() => {
      calls.length = 0;
      behaviour = async () => ({ status: 'processed' });
    });

    const messagesWithStatus = async (status: string) =>
      (
        await harness.api<{ items: MessageView[] }>(
          'GET',
          `/api/messages?resource=${resource.id}&status=${status}`,
        )
      ).body.items;

    it('hands a new mail to the handler once, marks it Processed and soft-deletes it', async () => {
      const delivered = await harness.sim.control.deliver(supportAddress, mail('Printer on fire'));
      await waitFor('the mail to be disposed', async () =>
        harness.sim.control
          .listMessages(supportAddress, 'recoverableitemsdeletions')
          .some((m) => m.subject === 'Printer on fire'),
      );
      expect(calls).toHaveLength(1);
      expect(calls[0]?.email.message.subject).toBe('Printer on fire');
      expect(calls[0]?.email.subscriptionEmail).toBe(supportAddress);
      const processed = await messagesWithStatus('processed');
      expect(processed.map((m) => m.subject)).toContain('Printer on fire');
      expect(harness.sim.control.listMessages(supportAddress, 'inbox').map((m) => m.id)).not.toContain(
        delivered.id,
      );
    });

    it('leaves a mail whose handler throws in the Inbox as Failed, and a retry after the fix processes it', async () => {
      behaviour = async () => {
        throw new Error('helpdesk database is down');
      };
      await harness.sim.control.deliver(supportAddress, mail('Cannot log in'));
      await waitFor('the mail to fail', async () =>
        (await messagesWithStatus('failed')).some((m) => m.subject === 'Cannot log in'),
      );
      const failed = (await messagesWithStatus('failed')).find((m) => m.subject === 'Cannot log in');
      expect(failed?.error?.message).toContain('helpdesk database is down');
      expect(
        harness.sim.control.listMessages(supportAddress, 'inbox').some((m) => m.subject === 'Cannot log in'),
      ).toBe(true);

      behaviour = async () => ({ status: 'processed' });
      const retried = await harness.api<{ queued: string[] }>('POST', '/api/messages/retry', {
        ids: [failed?.id],
      });
      expect(retried.body.queued).toEqual([failed?.id]);
      await waitFor('the retried mail to be processed', async () =>
        (await messagesWithStatus('processed')).some((m) => m.subject === 'Cannot log in'),
      );
      const detail = await harness.api<{ timeline: Array<{ kind: string }> }>(
        'GET',
        `/api/messages/${failed?.id}`,
      );
      expect(detail.body.timeline.map((e) => e.kind)).toEqual(
        expect.arrayContaining(['attempt', 'failed', 'retry-requested', 'processed']),
      );
    });

    it('a handler returning skipped leaves the mail in the Inbox as Skipped', async () => {
      behaviour = async () => ({ status: 'skipped', reason: 'auto-reply' });
      await harness.sim.control.deliver(supportAddress, mail('Out of office'));
      await waitFor('the mail to be skipped', async () =>
        (await messagesWithStatus('skipped')).some((m) => m.subject === 'Out of office'),
      );
      expect(
        harness.sim.control.listMessages(supportAddress, 'inbox').some((m) => m.subject === 'Out of office'),
      ).toBe(true);
    });

    it('a mail deleted from the mailbox before it is read again is recorded as Gone, not Skipped', async () => {
      behaviour = async () => ({ status: 'skipped', reason: 'later' });
      await harness.sim.control.deliver(supportAddress, mail('Deleted by a person'));
      const skippedMail = async () =>
        (await messagesWithStatus('skipped')).find((m) => m.subject === 'Deleted by a person');
      await waitFor('the mail to be skipped', async () => (await skippedMail()) !== undefined);
      const skipped = await skippedMail();
      // Deleted twice: first into Recoverable Items, then for good, so Graph no longer finds it.
      const graph = harness.service.inbox.deps.graphFor('demo');
      await graph.messages.delete(supportAddress, skipped?.graphMessageId ?? '');
      await graph.messages.delete(supportAddress, skipped?.graphMessageId ?? '');

      behaviour = async () => ({ status: 'processed' });
      await harness.api('POST', '/api/messages/retry', { ids: [skipped?.id] });
      await waitFor('the mail to be gone', async () =>
        (await messagesWithStatus('gone')).some((m) => m.id === skipped?.id),
      );
      const detail = await harness.api<MessageView & { timeline: Array<{ kind: string }> }>(
        'GET',
        `/api/messages/${skipped?.id}`,
      );
      expect(detail.body.error?.code).toBe('MSI_GRAPH_NOT_FOUND');
      expect(detail.body.timeline.map((e) => e.kind)).toEqual(
        expect.arrayContaining(['skipped', 'retry-requested', 'gone']),
      );
      expect(calls.filter((c) => c.email.message.subject === 'Deleted by a person')).toHaveLength(1);
    });
  });
}
