import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AlertRule, AlertWebhookBody } from '../../src/alerts/index.js';
import { startReceiver, type TestReceiver } from '../../src/handlers/external/fixtures/receiver.js';
import { signatureHeaderName, verifySignature, type MailHandler } from '../../src/handlers/index.js';
import type { MessageView, ResourceView } from '../../src/inbox/index.js';
import type { Clock } from '../../src/shared/index.js';
import { createOffsetClock } from '../support/offset-clock.js';
import {
  salesAddress,
  startPipeline,
  supportAddress,
  watchMailbox,
  type PipelineHarness,
} from '../support/pipeline/pipeline-harness.js';
import { createTestDatabases } from '../support/test-databases.js';
import { waitFor } from '../support/wait-for.js';

// End to end on SQLite; the episode claims are tested on both databases beside the repository.
const [sqlite] = createTestDatabases();
afterAll(() => sqlite?.dispose());

const handlerSecret = 'alerts-webhook-secret-0123456789';
const alertEnv = { MS_INBOX_HANDLER_SECRET: handlerSecret, MS_INBOX_EGRESS_ALLOW: '127.0.0.1' };
const hourMs = 3_600_000;
const dayMs = 24 * hourMs;
const oncall = 'oncall@example.net';

/** One scenario: a pipeline, a signed-webhook receiver and what the alert mailbox sent. */
interface AlertScene {
  harness: PipelineHarness;
  receiver: TestReceiver;
  clock: Clock;
}

async function startScene(
  options: { handlers?: Record<string, MailHandler>; extraYaml?: string; clock?: Clock } = {},
): Promise<AlertScene> {
  const receiver = await startReceiver(() => ({ status: 204 }));
  const clock = options.clock ?? { now: () => new Date() };
  const harness = await startPipeline({
    database: sqlite!,
    env: alertEnv,
    clock,
    ...(options.handlers ? { handlers: options.handlers } : {}),
    ...(options.extraYaml ? { extraYaml: options.extraYaml } : {}),
  });
  return { harness, receiver, clock };
}

/** A rule that mails oncall from the sales mailbox through Graph and posts to the receiver. */
async function createRule(scene: AlertScene, rule: Record<string, unknown>): Promise<AlertRule> {
  const created = await scene.harness.api<AlertRule>('POST', '/api/alerts/rules', {
    mail: { transport: 'graph', clientName: 'demo', from: salesAddress, to: [oncall] },
    webhookUrl: scene.receiver.url,
    ...rule,
  });
  expect(created.status).toBe(201);
  return created.body;
}

// Straight to the service: after a restart, a pooled HTTP connection may still point at the stopped one.
const evaluate = (scene: AlertScene) => scene.harness.service.alerts.evaluateNow();

/** Alert mails in the sales mailbox's Sent Items, by their subject prefix. */
const sentMails = (scene: AlertScene, prefix: 'ALERT' | 'RESOLVED') =>
  scene.harness.sim.control
    .listMessages(salesAddress, 'sentitems')
    .filter((m) => m.subject.startsWith(`[ms-inbox] ${prefix}:`));

/** Webhooks received of one event; each signature is checked against the service's clock. */
function webhooks(scene: AlertScene, type: AlertWebhookBody['type']): AlertWebhookBody[] {
  return scene.receiver.requests
    .filter((r) => {
      const signed = verifySignature({
        secrets: handlerSecret,
        header: r.headers[signatureHeaderName] as string | undefined,
        body: r.body,
        now: scene.clock.now(),
      });
      if (!signed) throw new Error(`an alert webhook arrived unsigned or badly signed: ${r.body.toString()}`);
      return true;
    })
    .map((r) => JSON.parse(r.body.toString('utf8')) as AlertWebhookBody)
    .filter((b) => b.type === type);
}

/** Waits until `event` was sent once on each channel, evaluates twice more, and checks nothing was repeated. */
async function expectOneOfEach(scene: AlertScene, event: 'opened' | 'resolved'): Promise<AlertWebhookBody> {
  const prefix = event === 'opened' ? 'ALERT' : 'RESOLVED';
  const type = `alert.${event}` as const;
  await waitFor(`an ${prefix} mail and webhook`, async () => {
    return sentMails(scene, prefix).length >= 1 && webhooks(scene, type).length >= 1;
  });
  expect(await evaluate(scene)).toEqual({ opened: 0, resolved: 0 });
  await evaluate(scene);
  await waitFor('the notification jobs to finish', async () => {
    const jobs = await scene.harness.service.store.db
      .selectFrom('jobs')
      .select('id')
      .where('name', '=', 'alerts.send-notification')
      .execute();
    return jobs.length === 0;
  });
  expect(sentMails(scene, prefix)).toHaveLength(1);
  const [body, ...more] = webhooks(scene, type);
  expect(more).toEqual([]);
  return body!;
}

async function stopScene(scene: AlertScene | undefined): Promise<void> {
  await scene?.harness.stop();
  await scene?.receiver.close();
}

describe('alerts pushed out by mail and signed webhook', () => {
  let scene: AlertScene | undefined;
  afterEach(async () => {
    await stopScene(scene);
    scene = undefined;
  });

  describe('an inbox whose subscription expired', () => {
    const clock = createOffsetClock();
    beforeEach(async () => {
      scene = await startScene({ clock });
    });

    it('sends one alert mail and one signed webhook, and one resolved message after Sync & Save', async () => {
      const { harness } = scene!;
      const resource = await watchMailbox(harness, supportAddress);
      const view = async () => (await harness.api<ResourceView>('GET', `/api/resources/${resource.id}`)).body;
      const rule = await createRule(scene!, { name: 'Expired inboxes', condition: 'inbox-state' });
      expect(rule.states).toEqual(['Expired', 'Degraded']);
      expect(await evaluate(scene!)).toEqual({ opened: 0, resolved: 0 });

      // Renewals keep failing until the subscription lapses (both clocks move on past its expiry).
      harness.sim.control.setFaults([
        { kind: 'throttle', operation: 'subscription.*', retryAfterSeconds: 0.01 },
      ]);
      const row = await harness.service.store.db
        .selectFrom('resource_subscriptions')
        .select('expires_at')
        .where('resource_id', '=', resource.id)
        .executeTakeFirstOrThrow();
      const lapseMs = new Date(row.expires_at ?? 0).getTime() - clock.now().getTime() + hourMs;
      clock.advance(lapseMs);
      harness.sim.control.advanceTime(lapseMs);
      await harness.service.inbox.subscriptions.ensure(resource.id);
      expect((await view()).state).toBe('Expired');

      const evaluated = await harness.api('POST', '/api/alerts/evaluate');
      expect(evaluated.body).toEqual({ opened: 1, resolved: 0 });
      const opened = await expectOneOfEach(scene!, 'opened');
      expect(opened).toMatchObject({
        rule: { id: rule.id, name: 'Expired inboxes', condition: 'inbox-state' },
        episode: { subject: `resource:${resource.id}`, resolvedAt: null },
      });
      expect(opened.episode.title).toContain(`${supportAddress} (demo) is Expired`);

      harness.sim.control.clearFaults();
      const sync = await harness.api('POST', '/api/sync', { client: 'demo' });
      expect(sync.status).toBe(200);
      await waitFor('the inbox to be Active again', async () => (await view()).state === 'Active');
      expect(await evaluate(scene!)).toEqual({ opened: 0, resolved: 1 });
      const resolved = await expectOneOfEach(scene!, 'resolved');
      expect(resolved.episode).toMatchObject({ id: opened.episode.id, resolvedAt: expect.any(String) });

      const episodes = await harness.api<{ items: Array<{ notifications: unknown[] }> }>(
        'GET',
        `/api/alerts/episodes?ruleId=${rule.id}`,
      );
      expect(episodes.body.items).toHaveLength(1);
      expect(episodes.body.items[0]?.notifications).toHaveLength(4);
    });
  });

  describe('a mail that turns Failed', () => {
    let failing = true;
    const handler: MailHandler = async () => {
      if (failing) throw new Error('ticket system is down');
      return { status: 'processed' };
    };
    beforeEach(async () => {
      failing = true;
      scene = await startScene({ handlers: { '/inbox/': handler } });
    });

    it('sends one alert of each kind, and one resolved message once the retried mail is processed', async () => {
      const { harness } = scene!;
      const resource = await watchMailbox(harness, supportAddress);
      await createRule(scene!, { name: 'Failed mail', condition: 'mail-failed' });
      await harness.sim.control.deliver(supportAddress, {
        subject: 'Cannot log in',
        from: { emailAddress: { address: 'customer@example.com' } },
      });
      const failedMail = async () =>
        (
          await harness.api<{ items: MessageView[] }>(
            'GET',
            `/api/messages?resource=${resource.id}&status=failed`,
          )
        ).body.items[0];
      await waitFor('the mail to fail', async () => (await failedMail()) !== undefined);
      expect(await evaluate(scene!)).toEqual({ opened: 1, resolved: 0 });
      const opened = await expectOneOfEach(scene!, 'opened');
      expect(opened.episode.detail).toContain('1 mail(s) are Failed');

      failing = false;
      const failed = await failedMail();
      await harness.api('POST', '/api/messages/retry', { ids: [failed?.id] });
      await waitFor('the retried mail to be processed', async () => (await failedMail()) === undefined);
      expect(await evaluate(scene!)).toEqual({ opened: 0, resolved: 1 });
      await expectOneOfEach(scene!, 'resolved');
    });
  });

  describe('a client secret near its expiry', () => {
    const expiresIn = (days: number) =>
      `        client_secret_expires: ${new Date(Date.now() + days * dayMs).toISOString().slice(0, 10)}`;
    beforeEach(async () => {
      scene = await startScene({ extraYaml: expiresIn(10) });
    });

    it('sends one alert of each kind, none again after a restart, and one resolved message once renewed', async () => {
      const { harness } = scene!;
      await createRule(scene!, { name: 'Secrets', condition: 'credential-expiry', threshold: 14 });
      expect(await evaluate(scene!)).toEqual({ opened: 1, resolved: 0 });
      const opened = await expectOneOfEach(scene!, 'opened');
      expect(opened.episode).toMatchObject({ subject: 'client:demo:secret' });
      expect(opened.episode.detail).toMatch(/the client secret expires on .* in (9|10) days/);

      // A restart with the same secret keeps the open episode: nothing is sent twice.
      await harness.stopService();
      await harness.startService();
      expect(await evaluate(scene!)).toEqual({ opened: 0, resolved: 0 });

      await harness.stopService();
      await harness.startService({ extraYaml: expiresIn(200) });
      expect(await evaluate(scene!)).toEqual({ opened: 0, resolved: 1 });
      await expectOneOfEach(scene!, 'resolved');
      expect(sentMails(scene!, 'ALERT')).toHaveLength(1);
    });
  });
});
