import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ResourceView, SyncRun } from '../../src/inbox/index.js';
import { demoTenant } from '../../src/simulator/index.js';
import { startPipeline, type PipelineHarness } from '../support/pipeline/pipeline-harness.js';
import { testDatabases } from '../support/test-databases.js';
import { waitFor } from '../support/wait-for.js';

for (const database of testDatabases())
  describe(`a resource whose mailbox Graph cannot find or serve on ${database.name}`, () => {
    let harness: PipelineHarness;
    beforeAll(async () => {
      harness = await startPipeline({
        database,
        handlers: { '/inbox/': async () => ({ status: 'processed' }) },
      });
    });
    afterAll(async () => harness?.stop());

    const addAndWaitForError = async (email: string) => {
      const added = await harness.api<ResourceView>('POST', '/api/resources', {
        clientName: 'demo',
        email,
        webhookTarget: '/inbox/',
      });
      expect(added.status).toBe(201);
      let view = added.body;
      await waitFor('the subscription attempt to fail', async () => {
        view = (await harness.api<ResourceView>('GET', `/api/resources/${added.body.id}`)).body;
        return view.stateReason !== null && !view.stateReason.startsWith('no subscription yet');
      });
      return view;
    };

    const expectMailboxHint = (reason: string | null, email: string) => {
      expect(reason).toContain(`Mailbox not found or not licensed for subscriptions.create on ${email}`);
      expect(reason).toContain('check the address');
      expect(reason).toContain('Exchange Online licence');
      expect(reason).toContain('application access policy');
      expect(reason).not.toContain('Graph found nothing');
      expect(reason).not.toContain('ExtensionError');
    };

    it('an address with no mailbox shows Error: mailbox not found or not licensed, with what to check', async () => {
      const email = `nobody-here@${demoTenant.domain}`;
      const view = await addAndWaitForError(email);
      expect(view.state).toBe('Error');
      expectMailboxHint(view.stateReason, email);
      const runs = await harness.api<SyncRun[]>('POST', '/api/sync', { client: 'demo' });
      const outcome = runs.body[0]?.outcomes.find((o) => o.email === email);
      expect(outcome?.outcome).toBe('failed');
      expectMailboxHint(outcome?.error ?? null, email);
    });

    it('a user without an Exchange Online licence shows the same message', async () => {
      const unlicensed = harness.sim.control.addMailbox(demoTenant.tenantId, {
        address: 'no-licence',
        mailboxEnabled: false,
      });
      const view = await addAndWaitForError(unlicensed.userPrincipalName);
      expect(view.state).toBe('Error');
      expectMailboxHint(view.stateReason, unlicensed.userPrincipalName);
    });
  });
