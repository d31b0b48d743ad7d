import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Simulator } from '../index.js';
import { getToken, graphClient, startSimulator, support } from '../test-support/helpers.js';

let sim: Simulator;
let graph: ReturnType<typeof graphClient>;

beforeEach(async () => {
  const started = await startSimulator();
  sim = started.sim;
  graph = graphClient(started.url, await getToken(started.url));
});
afterEach(() => sim.close());

describe('$batch', () => {
  it('runs requests with per-request status, dependsOn and 424 for failed dependencies', async () => {
    const { id } = await sim.control.deliver(support, { subject: 'batched' });
    const path = `/users/${support}/messages/${encodeURIComponent(id)}`;
    const result = await graph('POST', '$batch', {
      requests: [
        {
          id: '1',
          method: 'PATCH',
          url: path,
          headers: { 'Content-Type': 'application/json' },
          body: { isRead: true },
        },
        { id: '2', method: 'GET', url: `${path}?$select=isRead`, dependsOn: ['1'] },
        { id: '3', method: 'GET', url: `/users/${support}/messages/AAMkAnotthere` },
        { id: '4', method: 'GET', url: `${path}/$value`, dependsOn: ['3'] },
        { id: '5', method: 'GET', url: `${path}/$value` },
      ],
    });
    expect(result.status).toBe(200);
    const responses = result.body.responses as Array<{ id: string; status: number; body: any }>; // eslint-disable-line @typescript-eslint/no-explicit-any
    const byId = Object.fromEntries(responses.map((r) => [r.id, r]));
    expect(byId['1']?.status).toBe(200);
    expect(byId['2']?.body.isRead).toBe(true);
    expect(byId['3']?.status).toBe(400);
    expect(byId['4']?.status).toBe(424);
    expect(Buffer.from(byId['5']?.body, 'base64').toString()).toContain('Subject: batched');

    const log = sim.control.requestLog({ kind: 'graph' });
    const outer = log.find((e) => e.operation === 'batch');
    expect(outer?.batchItemCount).toBe(5);
    expect(log.filter((e) => e.batchRequestId === outer?.requestId)).toHaveLength(4);
  });

  it('refuses more than 20 requests and duplicate ids with 400', async () => {
    const requests = Array.from({ length: 21 }, (_, i) => ({
      id: String(i),
      method: 'GET',
      url: `/users/${support}/messages`,
    }));
    expect((await graph('POST', '$batch', { requests })).status).toBe(400);
    const duplicate = await graph('POST', '$batch', {
      requests: [
        { id: 'a', method: 'GET', url: `/users/${support}/messages` },
        { id: 'A', method: 'GET', url: `/users/${support}/messages` },
      ],
    });
    expect(duplicate.status).toBe(400);
  });

  it('throttles items one by one, with Retry-After inside the item', async () => {
    sim.control.addFault({ kind: 'throttle', operation: 'messages.list', count: 1, retryAfterSeconds: 1.5 });
    const result = await graph('POST', '$batch', {
      requests: [
        { id: '1', method: 'GET', url: `/users/${support}/messages?$top=1` },
        { id: '2', method: 'GET', url: `/users/${support}/mailFolders` },
      ],
    });
    const throttled = (
      result.body.responses as Array<{ id: string; status: number; headers: Record<string, string> }>
    ).find((r) => r.status === 429);
    expect(throttled?.headers['Retry-After']).toBe('1.5');
    expect((result.body.responses as Array<{ status: number }>).filter((r) => r.status === 200)).toHaveLength(
      1,
    );
  });
});
