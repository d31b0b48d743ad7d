import { simpleParser } from 'mailparser';
import { afterEach, describe, expect, it } from 'vitest';
import { startSmtpSink } from '../../test/support/mail/smtp-sink.js';
import type { AppConfig } from '../config/index.js';
import { Secret } from '../config/index.js';
import { createEgressGuard, strictEgress } from '../egress/index.js';
import { isAppError } from '../errors/index.js';
import { startReceiver, type TestReceiver } from '../handlers/external/fixtures/receiver.js';
import { signatureHeaderName, verifySignature } from '../handlers/index.js';
import { systemClock } from '../shared/index.js';
import type { AlertEpisodesTable } from '../store/index.js';
import type { AlertRule } from './alert-rule.js';
import { createAlertSender } from './alert-sender.js';

const secret = 'alert-sender-secret-0123456789';
const config = {
  server: { handlerSecret: new Secret(secret), handlerSecretPrevious: null },
} as unknown as AppConfig;
const rule = { id: 'r1', name: 'Inbox down', condition: 'inbox-state' } as AlertRule;
const episode: AlertEpisodesTable = {
  id: 'e1',
  rule_id: 'r1',
  subject: 'resource:x',
  open_subject: 'resource:x',
  title: 'Inbox support@example.org (demo) is Expired',
  detail: 'renewal failed',
  opened_at: '2030-01-01T00:00:00.000Z',
  resolved_at: null,
};
const noGraph = () => {
  throw new Error('no Graph in this test');
};

const receivers: Array<Pick<TestReceiver, 'close'>> = [];
afterEach(async () => {
  await Promise.all(receivers.splice(0).map((r) => r.close()));
});

describe('alert mails over SMTP', () => {
  it('go to each recipient, marked automatic, with the alert in subject and text', async () => {
    const sink = await startSmtpSink();
    receivers.push({ close: async () => void (await sink.close()) });
    const egress = createEgressGuard(strictEgress);
    const sender = createAlertSender({ config, clock: systemClock, egress, graphFor: noGraph });
    const mail = {
      transport: 'smtp' as const,
      smtpUrl: sink.url,
      from: 'alerts@example.org',
      to: ['a@example.org', 'b@example.org'],
    };
    await sender.sendMail(rule, mail, { ...episode, resolved_at: '2030-01-01T01:00:00.000Z' }, 'resolved');
    expect(sink.received.map((r) => r.to)).toEqual([['<a@example.org>'], ['<b@example.org>']]);
    const parsed = await simpleParser(sink.received[0]?.data ?? '');
    expect(parsed.subject).toBe(`[ms-inbox] RESOLVED: ${episode.title}`);
    expect(parsed.headers.get('auto-submitted')).toBe('auto-generated');
    expect(parsed.text).toContain('Alert rule "Inbox down" no longer holds.');
    expect(parsed.text).toContain('Resolved:  2030-01-01T01:00:00.000Z');
  });
});

describe('alert webhooks', () => {
  it('are signed like external handler requests and carry the episode', async () => {
    const receiver = await startReceiver(() => ({ status: 204 }));
    receivers.push(receiver);
    const egress = createEgressGuard({ allowPrivate: false, allow: ['127.0.0.1'] });
    const sender = createAlertSender({ config, clock: systemClock, egress, graphFor: noGraph });
    await sender.sendWebhook(rule, receiver.url, episode, 'opened');
    const [request] = receiver.requests;
    const header = request?.headers[signatureHeaderName] as string;
    expect(verifySignature({ secrets: secret, header, body: request?.body ?? '' })).toBe(true);
    expect(request?.headers['ms-inbox-delivery']).toBe('e1:opened');
    expect(JSON.parse(request?.body.toString() ?? '{}')).toMatchObject({
      type: 'alert.opened',
      rule: { id: 'r1', name: 'Inbox down' },
      episode: { id: 'e1', title: episode.title, resolvedAt: null },
    });
  });

  it('refuse at connect time a name that now resolves to a private address (DNS rebinding)', async () => {
    const egress = createEgressGuard(strictEgress, {
      resolve: async () => [{ address: '10.0.0.5', family: 4 }],
    });
    const sender = createAlertSender({ config, clock: systemClock, egress, graphFor: noGraph });
    const error = await sender.sendWebhook(rule, 'https://hooks.example.test/a', episode, 'opened').then(
      () => null,
      (e: unknown) => e,
    );
    expect(isAppError(error) && error.code).toBe('MSI_ALERT_WEBHOOK_FAILED');
    expect((error as Error).message).toContain('10.0.0.5, a private address');
  });
});
