import {
  Client,
  GraphError,
  HTTPMessageHandler,
  type Context,
  type Middleware,
} from '@microsoft/microsoft-graph-client';
import type { Message } from '@microsoft/microsoft-graph-types';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { demoTenant, type Simulator } from '../index.js';
import {
  getToken,
  graphClient,
  readFixture,
  sales,
  startSimulator,
  support,
} from '../test-support/helpers.js';

let sim: Simulator;
let url: string;
let token: string;
let graph: ReturnType<typeof graphClient>;

/**
 * @microsoft/microsoft-graph-client only sends the token to https Graph hosts (or https custom hosts), so over
 * plain http the test gives it an auth middleware of its own in front of the stock HTTP handler.
 */
function sdkClient(): Client {
  const http = new HTTPMessageHandler();
  const auth: Middleware & { next?: Middleware } = {
    async execute(context: Context) {
      const headers = new Headers(context.options?.headers as HeadersInit | undefined);
      headers.set('Authorization', `Bearer ${token}`);
      context.options = { ...context.options, headers };
      await http.execute(context);
    },
    setNext() {},
  };
  return Client.initWithMiddleware({ middleware: auth, baseUrl: url, defaultVersion: 'v1.0' });
}

beforeEach(async () => {
  ({ sim, url } = await startSimulator());
  token = await getToken(url);
  graph = graphClient(url, token);
  await sim.control.deliver(support, await readFixture('plain.eml'));
  await sim.control.deliver(support, await readFixture('html-inline-image.eml'));
  await sim.control.deliver(support, {
    subject: 'JSON delivered',
    from: { emailAddress: { name: 'Carol', address: 'carol@example.org' } },
    toRecipients: [{ emailAddress: { address: support } }],
    body: { contentType: 'html', content: '<p>Hello <b>there</b></p>' },
    receivedDateTime: '2026-03-03T09:00:00Z',
  });
});
afterEach(() => sim.close());

describe('messages with @microsoft/microsoft-graph-client', () => {
  it('lists, gets, patches and deletes messages', async () => {
    const client = sdkClient();
    for (const subject of ['one', 'two', 'three'])
      await sim.control.deliver(sales, { subject, body: { content: subject } });
    const page = (await client
      .api(`/users/${sales}/mailFolders/inbox/messages`)
      .select(['subject', 'from', 'receivedDateTime'])
      .top(2)
      .get()) as { value: Message[]; '@odata.nextLink'?: string };
    expect(page.value).toHaveLength(2);
    expect(page['@odata.nextLink']).toContain('%24skip=2');
    // graph-client only parses absolute https links, so the http nextLink is followed relative to /v1.0.
    const nextPath = (page['@odata.nextLink'] ?? '').slice(`${url}/v1.0`.length);
    const next = (await client.api(nextPath).get()) as { value: Message[] };
    expect(next.value).toHaveLength(1);

    const id = page.value[0]?.id ?? '';
    const message = (await client.api(`/users/${sales}/messages/${encodeURIComponent(id)}`).get()) as Message;
    expect(message.subject).toBe(page.value[0]?.subject);
    expect(message.internetMessageHeaders).toBeUndefined();

    const patched = (await client
      .api(`/users/${sales}/messages/${encodeURIComponent(id)}`)
      .patch({ isRead: true, categories: ['Helpdesk'], flag: { flagStatus: 'flagged' } })) as Message;
    expect(patched).toMatchObject({
      isRead: true,
      categories: ['Helpdesk'],
      flag: { flagStatus: 'flagged' },
    });

    await client.api(`/users/${sales}/messages/${encodeURIComponent(id)}`).delete();
    const gone = await client
      .api(`/users/${sales}/messages/${encodeURIComponent(id)}`)
      .get()
      .catch((e: unknown) => e);
    expect(gone).toBeInstanceOf(GraphError);
    expect(gone).toMatchObject({ statusCode: 404, code: 'ErrorItemNotFound' });
    // Soft delete: not in any visible folder, but in Recoverable Items Deletions.
    expect(sim.control.listMessages(sales, 'recoverableitemsdeletions')).toHaveLength(1);
    expect(sim.control.listMessages(sales, 'deleteditems')).toHaveLength(0);
  });
});

describe('message routes', () => {
  it('returns internetMessageHeaders only when selected, with every raw header', async () => {
    const list = await graph(
      'GET',
      `users/${support}/mailFolders('Inbox')/messages?$filter=subject eq 'Printer on floor 3 is broken'&$select=subject,internetMessageHeaders`,
    );
    expect(list.status).toBe(200);
    const headers = list.body.value[0].internetMessageHeaders as Array<{ name: string; value: string }>;
    expect(headers.map((h) => h.name)).toEqual([
      'Received',
      'From',
      'To',
      'Subject',
      'Date',
      'Message-ID',
      'MIME-Version',
      'Content-Type',
      'Content-Transfer-Encoding',
    ]);
    expect(headers[0]?.value).toContain('by mx.contoso-demo.onmicrosoft.com with ESMTPS id 4f2a;');
  });

  it('serves the original MIME as $value and converts the body on Prefer outlook.body-content-type', async () => {
    const raw = await readFixture('html-inline-image.eml');
    const [summary] = sim.control
      .listMessages(support, 'inbox')
      .filter((m) => m.subject === 'Screenshot of the error');
    const mime = await graph(
      'GET',
      `users/${support}/messages/${encodeURIComponent(summary?.id ?? '')}/$value`,
    );
    expect(mime.headers.get('content-type')).toContain('text/plain');
    expect(mime.text).toBe(raw.toString('latin1'));
    const text = await graph(
      'GET',
      `users/${support}/messages/${encodeURIComponent(summary?.id ?? '')}?$select=body,hasAttachments`,
      undefined,
      {
        prefer: 'outlook.body-content-type="text"',
      },
    );
    expect(text.headers.get('preference-applied')).toBe('outlook.body-content-type="text"');
    expect(text.body.body).toEqual({ contentType: 'text', content: 'See the screenshot below.' });
    // Only an inline image: Graph's hasAttachments stays false.
    expect(text.body.hasAttachments).toBe(false);
  });

  it('gives a moved message a new id unless immutable ids are requested', async () => {
    const delivered = await sim.control.deliver(sales, { subject: 'to be moved', body: { content: 'x' } });
    const moved = await graph('POST', `users/${sales}/messages/${encodeURIComponent(delivered.id)}/move`, {
      destinationId: 'deleteditems',
    });
    expect(moved.status).toBe(201);
    expect(moved.body.id).not.toBe(delivered.id);
    expect((await graph('GET', `users/${sales}/messages/${encodeURIComponent(delivered.id)}`)).status).toBe(
      404,
    );
    const again = await graph(
      'POST',
      `users/${sales}/messages/${encodeURIComponent(moved.body.id)}/move`,
      { destinationId: 'inbox' },
      {
        prefer: 'IdType="ImmutableId"',
      },
    );
    expect(again.body.id).toBe(delivered.immutableId);
    const byImmutable = await graph(
      'GET',
      `users/${sales}/mailFolders/inbox/messages/${encodeURIComponent(delivered.immutableId)}`,
    );
    expect(byImmutable.body.subject).toBe('to be moved');
  });

  it('filters and orders by receivedDateTime, and refuses an orderby that does not lead the filter', async () => {
    const ok = await graph(
      'GET',
      `users/${support}/messages?$filter=receivedDateTime ge 2026-03-03T08:00:00Z&$orderby=receivedDateTime desc&$select=subject`,
    );
    expect(ok.status).toBe(200);
    expect(ok.body.value.map((m: Message) => m.subject)).toContain('JSON delivered');
    const complex = await graph(
      'GET',
      `users/${support}/messages?$filter=receivedDateTime ge 2026-01-01T00:00:00Z&$orderby=subject`,
    );
    expect(complex.status).toBe(400);
    expect(complex.body.error.code).toBe('InefficientFilter');
  });

  it('answers Graph errors with code, message, innerError and a request-id header', async () => {
    const noToken = await fetch(`${url}/v1.0/users/${support}/messages`);
    expect(noToken.status).toBe(401);
    const body = (await noToken.json()) as { error: { code: string; innerError: Record<string, string> } };
    expect(body.error.code).toBe('InvalidAuthenticationToken');
    expect(Object.keys(body.error.innerError)).toEqual(['date', 'request-id', 'client-request-id']);
    expect(noToken.headers.get('request-id')).toBe(body.error.innerError['request-id']);

    expect((await graph('GET', `users/nobody@${demoTenant.domain}/messages`)).body.error).toMatchObject({
      code: 'ErrorInvalidUser',
      message: `The requested user 'nobody@${demoTenant.domain}' is invalid.`,
    });
    expect((await graph('GET', `users/${support}/messages/not-an-id`)).body.error.code).toBe(
      'ErrorInvalidIdMalformed',
    );
    const unlicensed = sim.control.addMailbox(demoTenant.tenantId, {
      address: 'nolicence',
      mailboxEnabled: false,
    });
    expect((await graph('GET', `users/${unlicensed.id}/messages`)).body.error.code).toBe(
      'MailboxNotEnabledForRESTAPI',
    );
  });

  it('checks roles and application access policies', async () => {
    const basic = sim.control.addApp(demoTenant.tenantId, {
      roles: ['Mail.ReadBasic'],
      secret: 'basic8Q~secret',
    });
    const basicGraph = graphClient(
      url,
      await getToken(url, { clientId: basic.clientId, secret: 'basic8Q~secret' }),
    );
    const listed = await basicGraph('GET', `users/${support}/messages?$top=1`);
    expect(listed.status).toBe(200);
    expect(listed.body.value[0].body).toBeUndefined();
    const [first] = sim.control.listMessages(support, 'inbox');
    const mime = await basicGraph(
      'GET',
      `users/${support}/messages/${encodeURIComponent(first?.id ?? '')}/$value`,
    );
    expect(mime.status).toBe(403);
    expect(mime.body.error).toMatchObject({
      code: 'ErrorAccessDenied',
      message: 'Access is denied. Check credentials and try again.',
    });
    expect(
      (
        await basicGraph('PATCH', `users/${support}/messages/${encodeURIComponent(first?.id ?? '')}`, {
          isRead: true,
        })
      ).status,
    ).toBe(403);

    const scoped = sim.control.addApp(demoTenant.tenantId, {
      roles: ['Mail.Read'],
      secret: 'scoped8Q~secret',
    });
    sim.control.setAccessPolicy(scoped.clientId, [sales]);
    const scopedGraph = graphClient(
      url,
      await getToken(url, { clientId: scoped.clientId, secret: 'scoped8Q~secret' }),
    );
    expect((await scopedGraph('GET', `users/${sales}/messages`)).status).toBe(200);
    const denied = await scopedGraph('GET', `users/${support}/messages`);
    expect(denied.status).toBe(403);
    expect(denied.body.error).toMatchObject({
      code: 'ErrorAccessDenied',
      message: 'Access to OData is disabled.',
    });
  });
});
