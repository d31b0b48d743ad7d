import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Simulator } from '../index.js';
import { getToken, graphClient, readFixture, startSimulator, support } from '../test-support/helpers.js';

let sim: Simulator;
let graph: ReturnType<typeof graphClient>;

beforeEach(async () => {
  const started = await startSimulator();
  sim = started.sim;
  graph = graphClient(started.url, await getToken(started.url));
});
afterEach(() => sim.close());

const path = (id: string, rest = '') => `users/${support}/messages/${encodeURIComponent(id)}${rest}`;

describe('attachments', () => {
  it('lists file and item attachments of a raw mail and serves their raw contents', async () => {
    const { id } = await sim.control.deliver(support, await readFixture('attachments.eml'));
    expect((await graph('GET', path(id, '?$select=hasAttachments'))).body.hasAttachments).toBe(true);

    const list = await graph('GET', path(id, '/attachments?$select=id,name,contentType,size,isInline'));
    expect(list.status).toBe(200);
    const [file, item] = list.body.value as Array<Record<string, unknown>>;
    expect(file).toMatchObject({
      '@odata.type': '#microsoft.graph.fileAttachment',
      name: 'invoice-4711.pdf',
      contentType: 'application/pdf',
      isInline: false,
    });
    expect(file?.contentBytes).toBeUndefined();
    expect(item).toMatchObject({ '@odata.type': '#microsoft.graph.itemAttachment', contentType: null });

    const bytes = await graph('GET', path(id, `/attachments/${encodeURIComponent(String(file?.id))}/$value`));
    expect(bytes.headers.get('content-type')).toBe('application/pdf');
    expect(bytes.text.startsWith('%PDF-1.4')).toBe(true);

    const full = await graph('GET', path(id, `/attachments/${encodeURIComponent(String(file?.id))}`));
    expect(Buffer.from(full.body.contentBytes, 'base64').toString()).toBe(bytes.text);

    const itemMime = await graph(
      'GET',
      path(id, `/attachments/${encodeURIComponent(String(item?.id))}/$value`),
    );
    expect(itemMime.text).toContain('Subject: Original invoice question');
    const expanded = await graph(
      'GET',
      path(
        id,
        `/attachments/${encodeURIComponent(String(item?.id))}?$expand=microsoft.graph.itemattachment/item`,
      ),
    );
    expect(expanded.body.item).toMatchObject({
      subject: 'Original invoice question',
      body: { contentType: 'text' },
    });
  });

  it('marks CID images as inline attachments with their content id', async () => {
    const { id } = await sim.control.deliver(support, await readFixture('html-inline-image.eml'));
    const list = await graph('GET', path(id, '/attachments'));
    expect(list.body.value).toEqual([
      expect.objectContaining({
        name: 'screenshot.png',
        isInline: true,
        contentId: 'screenshot@example.org',
        contentType: 'image/png',
      }),
    ]);
    const message = await graph('GET', path(id, '?$select=body,hasAttachments'));
    expect(message.body.body.content).toContain('src="cid:screenshot@example.org"');
    expect(message.body.hasAttachments).toBe(false);
  });

  it('serves contentId only through the fileAttachment cast, and refuses a bare contentId as Graph does', async () => {
    const { id } = await sim.control.deliver(support, await readFixture('html-inline-image.eml'));
    const select = 'id,name,contentType,size,isInline,microsoft.graph.fileAttachment/contentId';
    const list = await graph('GET', path(id, `/attachments?$select=${select}`));
    expect(list.status).toBe(200);
    expect(list.body.value).toEqual([
      {
        '@odata.type': '#microsoft.graph.fileAttachment',
        id: expect.any(String),
        name: 'screenshot.png',
        contentType: 'image/png',
        size: expect.any(Number),
        isInline: true,
        contentId: 'screenshot@example.org',
      },
    ]);
    const bare = await graph('GET', path(id, '/attachments?$select=id,contentId'));
    expect(bare.status).toBe(400);
    expect(bare.body.error).toMatchObject({
      code: 'RequestBroker--ParseUri',
      message: "Could not find a property named 'contentId' on type 'microsoft.graph.attachment'.",
    });
  });

  it('serves an attached mail as an itemAttachment named after its subject, its MIME through $value', async () => {
    const { id } = await sim.control.deliver(support, await readFixture('attachments.eml'));
    const select = 'id,name,contentType,size,isInline,microsoft.graph.fileAttachment/contentId';
    const list = await graph('GET', path(id, `/attachments?$select=${select}`));
    const item = (list.body.value as Array<Record<string, unknown>>)[1];
    expect(item).toEqual({
      '@odata.type': '#microsoft.graph.itemAttachment',
      id: expect.any(String),
      name: 'Original invoice question',
      contentType: null,
      size: expect.any(Number),
      isInline: false,
    });
    const full = await graph('GET', path(id, `/attachments/${encodeURIComponent(String(item?.id))}`));
    expect(full.body).not.toHaveProperty('contentBytes');
    expect(full.body).not.toHaveProperty('contentId');
    const mime = await graph('GET', path(id, `/attachments/${encodeURIComponent(String(item?.id))}/$value`));
    expect(mime.headers.get('content-type')).toBe('message/rfc822');
    expect(mime.text).toMatch(/^From: "Dave" <dave@example.org>\r?\n/);
    expect(mime.text).toContain('Can you check invoice 4711?');
  });

  it('expands attachments of JSON mail and refuses $value on a reference attachment with 405', async () => {
    const { id } = await sim.control.deliver(support, {
      subject: 'links',
      body: { content: 'see attached' },
      attachments: [
        {
          '@odata.type': '#microsoft.graph.fileAttachment',
          name: 'a.txt',
          contentType: 'text/plain',
          contentBytes: Buffer.from('hello').toString('base64'),
        },
        {
          '@odata.type': '#microsoft.graph.referenceAttachment',
          name: 'Budget.xlsx',
          sourceUrl: 'https://contoso.sharepoint.com/budget.xlsx',
        },
      ],
    });
    const message = await graph('GET', path(id, '?$expand=attachments&$select=subject'));
    expect(message.body.attachments).toHaveLength(2);
    expect(Buffer.from(message.body.attachments[0].contentBytes, 'base64').toString()).toBe('hello');
    const reference = message.body.attachments[1] as { id: string; '@odata.type': string };
    expect(reference['@odata.type']).toBe('#microsoft.graph.referenceAttachment');
    const value = await graph('GET', path(id, `/attachments/${encodeURIComponent(reference.id)}/$value`));
    expect(value.status).toBe(405);
  });
});
