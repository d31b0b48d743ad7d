import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Simulator } from '../index.js';
import { getToken, graphClient, sales, startSimulator, support } from '../test-support/helpers.js';

let sim: Simulator;
let graph: ReturnType<typeof graphClient>;

beforeEach(async () => {
  const started = await startSimulator();
  sim = started.sim;
  graph = graphClient(started.url, await getToken(started.url));
});
afterEach(() => sim.close());

describe('sendMail', () => {
  it('sends JSON mail: 202, a copy in Sent Items, delivery to a simulated recipient', async () => {
    const sent = await graph('POST', `users/${support}/sendMail`, {
      message: {
        subject: 'Your ticket #1',
        body: { contentType: 'Text', content: 'We are on it.' },
        toRecipients: [{ emailAddress: { address: sales } }],
        internetMessageHeaders: [{ name: 'X-Ticket', value: '1' }],
      },
    });
    expect(sent.status).toBe(202);
    expect(sim.control.listMessages(support, 'sentitems').map((m) => m.subject)).toEqual(['Your ticket #1']);
    const [received] = sim.control.listMessages(sales, 'inbox');
    expect(received?.subject).toBe('Your ticket #1');
    const headers = await graph(
      'GET',
      `users/${sales}/messages/${encodeURIComponent(received?.id ?? '')}?$select=internetMessageHeaders,from`,
    );
    expect(headers.body.from.emailAddress.address).toBe(support);
    expect(headers.body.internetMessageHeaders).toContainEqual({ name: 'X-Ticket', value: '1' });
  });

  it('refuses non-X- headers in JSON, as Graph does', async () => {
    const refused = await graph('POST', `users/${support}/sendMail`, {
      message: {
        subject: 'auto reply',
        toRecipients: [{ emailAddress: { address: 'someone@example.org' } }],
        internetMessageHeaders: [{ name: 'Auto-Submitted', value: 'auto-replied' }],
      },
    });
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toBe(
      "The internet message header name 'Auto-Submitted' should start with 'x-' or 'X-'.",
    );
  });

  it('sends base64 MIME as text/plain and keeps its headers', async () => {
    const mime = [
      `From: Support <${support}>`,
      'To: someone@example.org',
      'Subject: Automatic reply',
      'Auto-Submitted: auto-replied',
      'Message-ID: <auto-1@contoso-demo.onmicrosoft.com>',
      'Content-Type: text/plain; charset=utf-8',
      '',
      'Thanks, we received your mail.',
      '',
    ].join('\r\n');
    const sent = await graph('POST', `users/${support}/sendMail`, Buffer.from(mime).toString('base64'));
    expect(sent.status).toBe(202);
    const copy = sim.control.listMessages(support, 'sentitems').find((m) => m.subject === 'Automatic reply');
    const headers = await graph(
      'GET',
      `users/${support}/messages/${encodeURIComponent(copy?.id ?? '')}?$select=internetMessageHeaders`,
    );
    expect(headers.body.internetMessageHeaders).toContainEqual({
      name: 'Auto-Submitted',
      value: 'auto-replied',
    });
    expect((await graph('POST', `users/${support}/sendMail`, 'not base64 at all!')).body.error.code).toBe(
      'ErrorMimeContentInvalidBase64String',
    );
  });
});
