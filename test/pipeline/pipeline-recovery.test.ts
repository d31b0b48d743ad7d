import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HandlerCall, MailHandler } from '../../src/handlers/index.js';
import type { MessageView, RecoveryTaskView, ResourceView } from '../../src/inbox/index.js';
import {
  salesAddress,
  startPipeline,
  supportAddress,
  type PipelineHarness,
} from '../support/pipeline/pipeline-harness.js';
import { testDatabases } from '../support/test-databases.js';
import { waitFor } from '../support/wait-for.js';

for (const database of testDatabases()) {
  describe(`recovery on ${database.name}`, () => {
    const recovered: HandlerCall[] = [];
    const failing: MailHandler = async () => {
      throw new Error('ticket system rejected the mail');
    };
    const recovery: MailHandler = async (call) => {
      recovered.push(call);
      return { status: 'processed', result: { ticket: `T-${recovered.length}` } };
    };
    let harness: PipelineHarness;
    let support: ResourceView;
    let sales: ResourceView;

    beforeAll(async () => {
      harness = await startPipeline({
        database,
        handlers: { '/inbox/': failing, '/inbox/recover/': recovery },
      });
      support = (
        await harness.api<ResourceView>('POST', '/api/resources', {
          clientName: 'demo',
          email: supportAddress,
          webhookTarget: '/inbox/',
          recoveryTarget: '/inbox/recover/',
        })
      ).body;
      sales = (
        await harness.api<ResourceView>('POST', '/api/resources', {
          clientName: 'demo',
          email: salesAddress,
          webhookTarget: '/inbox/',
        })
      ).body;
      await waitFor('active subscriptions', () => harness.sim.control.listSubscriptions().length === 2);
    });
    afterAll(async () => harness?.stop());

    it('recovery from a date replays the Failed mails through the recovery target, with progress', async () => {
      for (const subject of ['First', 'Second', 'Third']) {
        await harness.sim.control.deliver(supportAddress, {
          subject,
          from: { emailAddress: { address: 'c@example.com' } },
        });
      }
      await waitFor('three failed mails', async () => {
        const listed = await harness.api<{ items: MessageView[] }>(
          'GET',
          `/api/messages?resource=${support.id}&status=failed`,
        );
        return listed.body.items.length === 3;
      });
      const counts = await harness.api<{ last24Hours: { failed: number; unprocessed: number } }>(
        'GET',
        `/api/recovery?resource=${support.id}`,
      );
      expect(counts.body.last24Hours).toEqual({ failed: 3, unprocessed: 0 });

      const since = new Date(Date.now() - 3_600_000).toISOString();
      const started = await harness.api<RecoveryTaskView>('POST', '/api/recovery', {
        type: 'failed',
        since,
        resourceId: support.id,
      });
      expect(started.status).toBe(202);
      await waitFor('the task to finish', async () => {
        const task = await harness.api<RecoveryTaskView>('GET', `/api/recovery/${started.body.id}`);
        return task.body.status === 'done';
      });
      const task = (await harness.api<RecoveryTaskView>('GET', `/api/recovery/${started.body.id}`)).body;
      expect(task).toMatchObject({ total: 3, done: 3, failed: 0, type: 'failed' });
      expect(recovered.map((c) => c.kind)).toEqual(['recovery', 'recovery', 'recovery']);
      const processed = await harness.api<{ items: MessageView[] }>(
        'GET',
        `/api/messages?resource=${support.id}&status=processed`,
      );
      expect(processed.body.items).toHaveLength(3);
      await waitFor(
        'recovered mail to leave the Inbox',
        () => harness.sim.control.listMessages(supportAddress, 'inbox').length === 0,
      );
      const listed = await harness.api<{ tasks: RecoveryTaskView[] }>('GET', '/api/recovery');
      expect(listed.body.tasks[0]?.id).toBe(started.body.id);
    });

    it('refuses recovery for a resource without a recovery target, with a clear message', async () => {
      const refused = await harness.api<{ error: { code: string; message: string } }>(
        'POST',
        '/api/recovery',
        {
          type: 'failed',
          since: new Date().toISOString(),
          resourceId: sales.id,
        },
      );
      expect(refused.status).toBe(409);
      expect(refused.body.error.code).toBe('MSI_INBOX_RECOVERY_TARGET_MISSING');
      expect(refused.body.error.message).toContain(salesAddress);
    });

    it('rejects a recovery request with a bad date', async () => {
      const refused = await harness.api<{ error: { code: string } }>('POST', '/api/recovery', {
        type: 'failed',
        since: 'yesterday-ish',
      });
      expect(refused.status).toBe(400);
      expect(refused.body.error.code).toBe('MSI_INBOX_RECOVERY_INVALID');
    });

    it('refuses a since date in the future or one that is no calendar date, and records no task', async () => {
      const before = (await harness.api<{ tasks: RecoveryTaskView[] }>('GET', '/api/recovery')).body.tasks;
      for (const since of [new Date(Date.now() + 3_600_000).toISOString(), '2999-01-01', '2026-02-30', '7']) {
        const refused = await harness.api<{ error: { code: string; message: string } }>(
          'POST',
          '/api/recovery',
          { type: 'failed', since, resourceId: support.id },
        );
        expect(refused.status, since).toBe(400);
        expect(refused.body.error.code).toBe('MSI_INBOX_RECOVERY_INVALID');
        expect(refused.body.error.message).toContain('since:');
      }
      const after = (await harness.api<{ tasks: RecoveryTaskView[] }>('GET', '/api/recovery')).body.tasks;
      expect(after.map((t) => t.id)).toEqual(before.map((t) => t.id));
    });
  });
}
