import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ResourceView } from '../../src/inbox/index.js';
import { startPipeline, supportAddress, type PipelineHarness } from '../support/pipeline/pipeline-harness.js';
import { createTestDatabases } from '../support/test-databases.js';

const [sqlite] = createTestDatabases();
const secret = 'egress-test-secret-0123456789abcdef';
type Refusal = { error: { code: string; message: string } };

describe('egress guard on external handler targets, at save time', () => {
  let strict: PipelineHarness;
  let allowing: PipelineHarness;
  beforeAll(async () => {
    strict = await startPipeline({ database: sqlite!, env: { MS_INBOX_HANDLER_SECRET: secret } });
  });
  afterAll(async () => {
    await strict?.stop();
    await allowing?.stop();
    await sqlite?.dispose();
  });

  const add = (harness: PipelineHarness, email: string, targets: Record<string, string>) =>
    harness.api<Refusal & ResourceView>('POST', '/api/resources', {
      clientName: 'demo',
      email,
      webhookTarget: '/inbox/',
      ...targets,
    });

  it('refuses targets at 127.0.0.1, localhost and 169.254.169.254 with a clear error, and saves nothing', async () => {
    const loopback = await add(strict, supportAddress, { webhookTarget: 'https://127.0.0.1:8443/hook' });
    expect(loopback.status).toBe(400);
    expect(loopback.body.error.code).toBe('MSI_INBOX_RESOURCE_INVALID');
    expect(loopback.body.error.message).toContain(
      'webhookTarget: Refused to call https://127.0.0.1:8443: it resolves to 127.0.0.1, a loopback address',
    );
    const named = await add(strict, supportAddress, { webhookTarget: 'https://localhost/hook' });
    expect(named.status).toBe(400);
    expect(named.body.error.message).toMatch(
      /localhost: it resolves to (127\.0\.0\.1|::1), a loopback address/,
    );
    const metadata = await add(strict, supportAddress, {
      recoveryTarget: 'https://169.254.169.254/latest/meta-data/iam',
    });
    expect(metadata.status).toBe(400);
    expect(metadata.body.error.message).toContain('recoveryTarget: Refused to call https://169.254.169.254');
    const saved = (await strict.api<ResourceView[]>('GET', '/api/resources')).body;
    expect(saved.filter((r) => r.email === supportAddress)).toEqual([]);
  });

  it('refuses an update to an internal target and keeps the old one', async () => {
    const created = await add(strict, `egress-update@${supportAddress.split('@')[1]}`, {});
    expect(created.status).toBe(201);
    const refused = await strict.api<Refusal>('PATCH', `/api/resources/${created.body.id}`, {
      webhookTarget: 'https://10.0.0.8/hook',
    });
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toContain('10.0.0.8, a private address');
    const after = await strict.api<ResourceView>('GET', `/api/resources/${created.body.id}`);
    expect(after.body.webhookTarget).toBe('/inbox/');
  });

  it('accepts loopback when server.egress_allow lists it, and private addresses with egress_allow_private', async () => {
    allowing = await startPipeline({
      database: sqlite!,
      env: {
        MS_INBOX_HANDLER_SECRET: secret,
        MS_INBOX_EGRESS_ALLOW: '127.0.0.1',
        MS_INBOX_EGRESS_ALLOW_PRIVATE: 'true',
      },
    });
    const domain = supportAddress.split('@')[1];
    const local = await add(allowing, `egress-local@${domain}`, {
      webhookTarget: 'https://127.0.0.1:8443/hook',
    });
    expect(local.status).toBe(201);
    const internal = await add(allowing, `egress-private@${domain}`, {
      webhookTarget: 'https://10.0.0.8/hook',
    });
    expect(internal.status).toBe(201);
    // Allowing private ranges does not open the metadata service.
    const metadata = await add(allowing, `egress-metadata@${domain}`, {
      webhookTarget: 'https://169.254.169.254/',
    });
    expect(metadata.status).toBe(400);
  });
});
