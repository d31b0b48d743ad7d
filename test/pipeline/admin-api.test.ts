import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  salesAddress,
  startPipeline,
  supportAddress,
  type PipelineHarness,
} from '../support/pipeline/pipeline-harness.js';
import { createTestDatabases } from '../support/test-databases.js';

const [sqlite] = createTestDatabases();

describe('admin API', () => {
  let harness: PipelineHarness;
  beforeAll(async () => {
    harness = await startPipeline({
      database: sqlite!,
      handlers: { '/inbox/': async () => ({ status: 'processed' }) },
    });
  });
  afterAll(async () => {
    await harness?.stop();
    await sqlite?.dispose();
  });

  it('refuses every /api route without the admin token', async () => {
    for (const path of [
      '/api/resources',
      '/api/messages',
      '/api/clients',
      '/api/status/inbox-summary',
      '/api/openapi.json',
    ]) {
      const response = await fetch(`${harness.url}${path}`);
      expect(response.status, path).toBe(401);
      expect((await response.json()).error.code).toBe('MSI_AUTH_REQUIRED');
      const wrong = await fetch(`${harness.url}${path}`, { headers: { authorization: 'Bearer nope' } });
      expect(wrong.status, path).toBe(401);
    }
  });

  it('rejects a resource with a bad address, unknown client and unknown handler, naming each field', async () => {
    const emails = async () =>
      (await harness.api<Array<{ email: string }>>('GET', '/api/resources')).body.map((r) => r.email);
    const before = await emails();
    const response = await harness.api<{ error: { code: string; message: string } }>(
      'POST',
      '/api/resources',
      {
        clientName: 'nope',
        email: 'not-an-address',
        webhookTarget: '/nobody/',
      },
    );
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('MSI_INBOX_RESOURCE_INVALID');
    expect(response.body.error.message).toContain('clientName: no client "nope"');
    expect(response.body.error.message).toContain('email: "not-an-address"');
    expect(response.body.error.message).toContain('webhookTarget: no handler endpoint answers /nobody/');
    // Nothing was added (another test of this file may have added a resource of its own).
    expect(await emails()).toEqual(before);
  });

  it('refuses a duplicate resource', async () => {
    // Each test that adds a resource adds a mailbox of its own.
    const input = { clientName: 'demo', email: salesAddress, webhookTarget: '/inbox/' };
    expect((await harness.api('POST', '/api/resources', input)).status).toBe(201);
    const again = await harness.api<{ error: { code: string } }>('POST', '/api/resources', {
      ...input,
      email: salesAddress.toUpperCase(),
    });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('MSI_INBOX_RESOURCE_EXISTS');
  });

  it('lists clients without their secrets and validates the demo client', async () => {
    // The validation checks the client's mailboxes: give it one.
    const resource = { clientName: 'demo', email: supportAddress, webhookTarget: '/inbox/' };
    expect((await harness.api('POST', '/api/resources', resource)).status).toBe(201);
    const clients = await harness.api<Array<{ name: string }>>('GET', '/api/clients');
    expect(clients.body).toEqual([expect.objectContaining({ name: 'demo', credential: 'secret' })]);
    expect(JSON.stringify(clients.body)).not.toContain('sim8Q~');
    const validation = await harness.api<{ ok: boolean; checks: Array<{ name: string; ok: boolean }> }>(
      'POST',
      '/api/clients/demo/validate',
    );
    expect(validation.body.ok).toBe(true);
    expect(validation.body.checks.map((c) => c.name)).toEqual(
      expect.arrayContaining(['sign-in', 'permission Mail.Read', `mailbox ${supportAddress}`]),
    );
  });

  it('describes the admin API in OpenAPI', async () => {
    const doc = await harness.api<{
      openapi: string;
      paths: Record<string, Record<string, { summary?: string }>>;
    }>('GET', '/api/openapi.json');
    expect(doc.body.openapi).toBe('3.1.0');
    for (const path of [
      '/api/resources',
      '/api/resources/{id}',
      '/api/messages',
      '/api/messages/retry',
      '/api/sync',
      '/api/recovery',
    ]) {
      expect(Object.keys(doc.body.paths), path).toContain(path);
    }
    expect(doc.body.paths['/api/resources']?.post?.summary).toContain('Add a resource');
  });
});
