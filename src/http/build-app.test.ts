import { describe, expect, it } from 'vitest';
import { Writable } from 'node:stream';
import { defineError } from '../errors/index.js';
import { createLogger, createSilentLogger } from '../shared/index.js';
import { buildHttpApp } from './build-app.js';
import type { ReadinessCheck } from './health-routes.js';

const healthy = async (): Promise<ReadinessCheck[]> => [{ name: 'database', ok: true, message: 'reachable' }];

describe('http app', () => {
  it('answers /healthz while the process is alive', async () => {
    const app = await buildHttpApp({ log: createSilentLogger(), readiness: healthy });
    const response = await app.inject({ method: 'GET', url: '/healthz' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ok' });
  });

  it('answers /readyz with 503 and the failing check when a dependency is down', async () => {
    const readiness = async (): Promise<ReadinessCheck[]> => [
      { name: 'database', ok: true, message: 'reachable' },
      { name: 'migrations', ok: false, message: '1 pending: 0002-ledger' },
    ];
    const app = await buildHttpApp({ log: createSilentLogger(), readiness });
    const response = await app.inject({ method: 'GET', url: '/readyz' });
    expect(response.statusCode).toBe(503);
    expect(response.json().checks[1]).toMatchObject({ name: 'migrations', ok: false });
  });

  it('never forwards the message of an unknown error to the client, but logs it', async () => {
    const lines: string[] = [];
    const destination = new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const app = await buildHttpApp({ log: createLogger({ destination }), readiness: healthy });
    app.get('/boom', async () => {
      throw new Error('connection to postgres://admin:hunter2@db failed');
    });
    const response = await app.inject({ method: 'GET', url: '/boom' });
    expect(response.statusCode).toBe(500);
    expect(response.body).not.toContain('hunter2');
    expect(response.json().error).toMatchObject({ code: 'MSI_INTERNAL_ERROR', message: 'Internal error' });
    expect(response.json().error.requestId).toBe(response.headers['x-request-id']);
    expect(lines.join('')).toContain('request failed');
  });

  it('answers a coded error with its status, code and message', async () => {
    const Conflict = defineError<{ email: string }>({
      code: 'MSI_TEST_DUPLICATE_THING',
      httpStatus: 409,
      retryable: false,
      description: 'test only',
      message: (p) => `${p.email} exists`,
    });
    const app = await buildHttpApp({ log: createSilentLogger(), readiness: healthy });
    app.get('/dup', async () => {
      throw Conflict.create({ email: 'a@b.c' });
    });
    const response = await app.inject({ method: 'GET', url: '/dup' });
    expect(response.statusCode).toBe(409);
    expect(response.json().error).toMatchObject({
      code: 'MSI_TEST_DUPLICATE_THING',
      message: 'a@b.c exists',
    });
  });

  it('rejects malformed JSON with a coded 400 and an unknown route with a coded 404', async () => {
    const app = await buildHttpApp({ log: createSilentLogger(), readiness: healthy });
    app.post('/echo', async (request) => request.body);
    const bad = await app.inject({
      method: 'POST',
      url: '/echo',
      headers: { 'content-type': 'application/json' },
      payload: '{"a":',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('MSI_HTTP_BAD_REQUEST');
    const missing = await app.inject({ method: 'GET', url: '/nope?x=1' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error).toMatchObject({
      code: 'MSI_HTTP_ROUTE_NOT_FOUND',
      message: 'No route GET /nope',
    });
  });

  it('reports schema violations with the path of each field', async () => {
    const app = await buildHttpApp({ log: createSilentLogger(), readiness: healthy });
    app.post(
      '/things',
      {
        schema: {
          body: {
            type: 'object',
            required: ['email'],
            properties: { email: { type: 'string' }, count: { type: 'integer' } },
          },
        },
      },
      async () => ({ ok: true }),
    );
    const response = await app.inject({ method: 'POST', url: '/things', payload: { count: 'x' } });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe('MSI_VALIDATION_FAILED');
    expect(response.json().error.message).toContain('body');
  });

  it('rejects bodies above the limit with 413', async () => {
    const app = await buildHttpApp({ log: createSilentLogger(), readiness: healthy, bodyLimitBytes: 100 });
    app.post('/echo', async (request) => request.body);
    const response = await app.inject({ method: 'POST', url: '/echo', payload: { text: 'x'.repeat(500) } });
    expect(response.statusCode).toBe(413);
    expect(response.json().error.code).toBe('MSI_HTTP_BAD_REQUEST');
  });
});
