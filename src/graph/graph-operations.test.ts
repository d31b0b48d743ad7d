import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Secret, type ClientConfig } from '../config/index.js';
import { createSilentLogger } from '../shared/index.js';
import {
  createSelfSignedCertificate,
  createSimulator,
  demoTenant,
  type Simulator,
} from '../simulator/index.js';
import { createGraphClient } from './graph-client.js';

const support = `support@${demoTenant.domain}`;

const demoClient = (overrides: Partial<ClientConfig> = {}): ClientConfig => ({
  name: 'demo',
  clientId: demoTenant.clientId,
  tenantId: demoTenant.tenantId,
  clientSecret: new Secret(demoTenant.clientSecret),
  clientSecretExpires: null,
  certificate: null,
  authorityHost: 'https://login.microsoftonline.com',
  graphEndpoint: 'https://graph.microsoft.com',
  ...overrides,
});

describe('Graph operations against the simulator', () => {
  let sim: Simulator;
  let simUrl: string;
  const graphOf = (client = demoClient()) =>
    createGraphClient({
      client,
      log: createSilentLogger(),
      simulatorUrl: simUrl,
      retry: { baseDelayMs: 10 },
    });

  beforeAll(async () => {
    sim = createSimulator({ randomSeed: 7 });
    simUrl = (await sim.listen({ port: 0, host: '127.0.0.1' })).url;
  });
  afterAll(async () => sim.close());

  it('signs in with a certificate instead of a secret', async () => {
    const app = sim.control.addApp(demoTenant.tenantId, { roles: ['Mail.Read', 'Mail.ReadWrite'] });
    const certificate = createSelfSignedCertificate({ commonName: 'ms-inbox test' });
    sim.control.addCertificate(app.clientId, certificate.certificatePem);
    const dir = mkdtempSync(join(tmpdir(), 'msi-cert-'));
    writeFileSync(join(dir, 'key.pem'), certificate.privateKeyPem);
    writeFileSync(join(dir, 'cert.pem'), certificate.certificatePem);
    const graph = graphOf(
      demoClient({
        clientId: app.clientId,
        clientSecret: null,
        certificate: {
          privateKeyPath: join(dir, 'key.pem'),
          certificatePath: join(dir, 'cert.pem'),
          thumbprint: null,
          notAfter: null,
        },
      }),
    );
    const token = await graph.tokens.getToken();
    expect(token.roles).toEqual(expect.arrayContaining(['Mail.Read', 'Mail.ReadWrite']));
  });

  it('shares one token request between concurrent cold callers', async () => {
    sim.control.clearRequestLog();
    const graph = graphOf();
    await Promise.all(Array.from({ length: 10 }, () => graph.tokens.getToken()));
    expect(sim.control.requestLog({ kind: 'entra' }).filter((e) => e.operation === 'token')).toHaveLength(1);
  });

  it('gets a message with its headers, lists and streams attachments, and moves it keeping its id', async () => {
    const delivered = await sim.control.deliver(support, {
      subject: 'With a file',
      body: { contentType: 'text', content: 'see attached' },
      from: { emailAddress: { address: 'c@example.com' } },
      internetMessageHeaders: [{ name: 'X-Custom', value: 'yes' }],
      attachments: [
        {
          '@odata.type': '#microsoft.graph.fileAttachment',
          name: 'a.txt',
          contentType: 'text/plain',
          contentBytes: Buffer.from('hello').toString('base64'),
        },
      ],
    } as never);
    const graph = graphOf();
    const message = await graph.messages.get(support, delivered.id);
    expect(message.subject).toBe('With a file');
    expect(message.internetMessageHeaders?.some((h) => h.name === 'X-Custom')).toBe(true);
    const attachments = await graph.messages.listAttachments(support, delivered.id);
    expect(attachments).toEqual([
      expect.objectContaining({ name: 'a.txt', kind: 'file', size: expect.any(Number) }),
    ]);
    const chunks: Buffer[] = [];
    for await (const chunk of await graph.messages.streamAttachment(
      support,
      delivered.id,
      attachments[0]?.id ?? '',
    )) {
      chunks.push(Buffer.from(chunk as Buffer));
    }
    expect(Buffer.concat(chunks).toString()).toBe('hello');
    // Every call asks for immutable ids, so the id a moved mail is known by does not change (DESIGN §9).
    const moved = await graph.messages.move(support, delivered.id, 'recoverableitemsdeletions');
    expect(moved.id).toBe(message.id);
    const again = await graph.messages.get(support, moved.id ?? '');
    expect(again.parentFolderId).not.toBe(message.parentFolderId);
    expect(sim.control.listMessages(support, 'inbox').map((m) => m.subject)).not.toContain('With a file');
  });

  it('runs a $batch of more than 20 requests in chunks and retries only the throttled items', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 25; i += 1)
      ids.push((await sim.control.deliver(support, { subject: `Batch ${i}` })).id);
    sim.control.setFaults([
      { kind: 'throttle', operation: 'message.get', probability: 0.3, retryAfterSeconds: 0.05 },
    ]);
    sim.control.clearRequestLog();
    const graph = graphOf();
    const results = await graph.batch.run(
      ids.map((id, i) => ({
        id: String(i),
        method: 'GET' as const,
        url: `/users/${support}/messages/${id}?$select=subject`,
      })),
      { mailbox: support },
    );
    sim.control.clearFaults();
    expect([...results.values()].every((r) => r.status === 200)).toBe(true);
    expect([...results.values()].map((r) => (r.body as { subject: string }).subject).sort()).toEqual(
      ids.map((_, i) => `Batch ${i}`).sort(),
    );
    const batches = sim.control.requestLog({ kind: 'graph', operation: 'batch' });
    expect(batches.length).toBeGreaterThanOrEqual(3);
    expect(Math.max(...batches.map((b) => b.batchItemCount ?? 0))).toBeLessThanOrEqual(20);
  });

  it('sends MIME from the mailbox, keeping headers JSON sendMail cannot carry, into Sent Items', async () => {
    const mime = [
      `From: ${support}`,
      'To: customer@example.com',
      'Subject: Ticket received [abc123]',
      'Auto-Submitted: auto-replied',
      'Content-Type: text/plain; charset=utf-8',
      '',
      'We got your mail.',
      '',
    ].join('\r\n');
    await graphOf().messages.sendMime(support, mime);
    const sent = sim.control.listMessages(support, 'sentitems');
    expect(sent.map((m) => m.subject)).toContain('Ticket received [abc123]');
  });

  it('counts Graph requests by operation and status', async () => {
    const graph = graphOf();
    const delivered = await sim.control.deliver(support, { subject: 'Counted' });
    await graph.messages.get(support, delivered.id);
    await graph.messages.delete(support, delivered.id);
    await graph.messages.get(support, delivered.id).catch(() => undefined);
    const counted = graph.stats.snapshot();
    expect(counted.byOperation['messages.get']).toEqual({ '200': 1, '404': 1 });
    expect(counted.byOperation['messages.delete']).toEqual({ '204': 1 });
    expect(counted.roundTrips).toBeGreaterThanOrEqual(1);
  });
});
