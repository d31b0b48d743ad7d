import { simpleParser } from 'mailparser';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { AutoReplySmtpRejected, AutoReplySmtpUnavailable } from '../../errors/index.js';
import { openAutoReplyTestContext } from '../../../test/support/auto-reply-context.js';
import { mail } from '../../../test/support/incoming-mail.js';
import { testDatabases } from '../../../test/support/test-databases.js';
import { createSmtpTransport, mapSmtpError } from './transports.js';

interface Received {
  from: string;
  to: string[];
  data: string;
}

/** Just enough SMTP to take mail (no TLS, no auth); `rejectRecipients` answers RCPT with that code. */
async function startSmtpSink(options: { rejectRecipients?: number } = {}) {
  const received: Received[] = [];
  const server: Server = createServer((socket) => {
    let buffer = '';
    let inData = false;
    let current: Received = { from: '', to: [], data: '' };
    socket.write('220 sink ESMTP\r\n');
    socket.on('data', (chunk) => {
      buffer += chunk.toString('utf8');
      for (;;) {
        if (inData) {
          const end = buffer.indexOf('\r\n.\r\n');
          if (end < 0) return;
          current.data = `${buffer.slice(0, end)}\r\n`.replace(/\r\n\.\./g, '\r\n.');
          buffer = buffer.slice(end + 5);
          inData = false;
          received.push(current);
          socket.write('250 2.0.0 queued\r\n');
          continue;
        }
        const lineEnd = buffer.indexOf('\r\n');
        if (lineEnd < 0) return;
        const line = buffer.slice(0, lineEnd);
        buffer = buffer.slice(lineEnd + 2);
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === 'EHLO' || verb === 'HELO') socket.write('250-sink\r\n250 8BITMIME\r\n');
        else if (verb === 'MAIL') {
          current = { from: line.replace(/^MAIL FROM:\s*/i, ''), to: [], data: '' };
          socket.write('250 2.1.0 ok\r\n');
        } else if (verb === 'RCPT') {
          if (options.rejectRecipients) socket.write(`${options.rejectRecipients} 5.1.1 no such user\r\n`);
          else {
            current.to.push(line.replace(/^RCPT TO:\s*/i, ''));
            socket.write('250 2.1.5 ok\r\n');
          }
        } else if (verb === 'DATA') {
          inData = true;
          socket.write('354 go ahead\r\n');
        } else if (verb === 'QUIT') socket.end('221 bye\r\n');
        else socket.write('250 ok\r\n');
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { received, url: `smtp://127.0.0.1:${port}`, close: () => new Promise((r) => server.close(r)) };
}

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
