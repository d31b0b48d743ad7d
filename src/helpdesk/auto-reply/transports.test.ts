import { simpleParser } from 'mailparser';
import { afterEach, describe, expect, it } from 'vitest';
import { AutoReplySmtpRejected, AutoReplySmtpUnavailable } from '../../errors/index.js';
import { openAutoReplyTestContext } from '../../../test/support/handlers/auto-reply-context.js';
import { mail } from '../../../test/support/mail/incoming-mail.js';
import { startSmtpSink } from '../../../test/support/mail/smtp-sink.js';
import { testDatabases } from '../../../test/support/test-databases.js';
import { createSmtpTransport, mapSmtpError } from './transports.js';

const sinks: Array<{ close(): Promise<unknown> }> = [];
afterEach(async () => {
  for (const sink of sinks.splice(0)) await sink.close();
});

for (const db of testDatabases()) {
  describe(`auto-replies over SMTP on ${db.name}`, () => {
    it('sends the built MIME unchanged over a real SMTP socket, envelope from the mailbox to the sender', async () => {
      const sink = await startSmtpSink();
      sinks.push(sink);
      const t = await openAutoReplyTestContext(db, { smtpTransport: (url) => createSmtpTransport(url) });
      try {
        const id = await t.addResource('support@contoso.com', {
          enabled: true,
          transport: 'smtp',
          smtpUrl: sink.url,
        });
        await t.handle(id, mail());
        await t.runJob((await t.takeJobs())[0]);
        expect(sink.received).toHaveLength(1);
        expect(sink.received[0]?.from).toBe('<support@contoso.com>');
        expect(sink.received[0]?.to).toEqual(['<anna@example.org>']);
        const parsed = await simpleParser(sink.received[0]?.data ?? '');
        expect(parsed.headers.get('auto-submitted')).toBe('auto-replied');
        expect(parsed.subject).toMatch(/^Printer broken \[[a-z0-9]{6}\]$/);
        expect((await t.autoReplies.settings.listLog(id))[0]).toMatchObject({
          outcome: 'sent',
          transport: 'smtp',
        });
      } finally {
        await t.close();
      }
    });
  });
}

describe('SMTP transport', () => {
  it('maps a 5xx answer to a final error and a lost connection to a retryable one', async () => {
    const sink = await startSmtpSink({ rejectRecipients: 550 });
    sinks.push(sink);
    const transport = createSmtpTransport(sink.url);
    const attempt = transport.send({
      from: 'support@contoso.com',
      to: 'gone@example.org',
      mime: 'Subject: x\r\n\r\nx\r\n',
    });
    await expect(attempt).rejects.toSatisfy(
      (e: unknown) => AutoReplySmtpRejected.is(e) && e.params.responseCode === 550,
    );
    const closed = createSmtpTransport('smtp://127.0.0.1:1', { timeoutMs: 2_000 });
    await expect(closed.send({ from: 'a@b.c', to: 'd@e.f', mime: 'x' })).rejects.toSatisfy((e: unknown) =>
      AutoReplySmtpUnavailable.is(e),
    );
    expect(AutoReplySmtpRejected.is(mapSmtpError({ code: 'EAUTH', message: 'bad login' }))).toBe(true);
    expect(AutoReplySmtpUnavailable.is(mapSmtpError({ responseCode: 421, message: 'busy' }))).toBe(true);
  });
});
