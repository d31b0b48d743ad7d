import { describe, expect, it } from 'vitest';
import { createFaultInjector } from './faults.js';
import { createSeededRandom } from './random.js';
import { getToken, graphClient, startSimulator, support } from './test-support/helpers.js';

/** Runs the same request sequence under random faults and returns what came back. */
async function runScenario(randomSeed: number) {
  const { sim, url } = await startSimulator({ randomSeed });
  try {
    const graph = graphClient(url, await getToken(url));
    sim.control.setFaults([
      { kind: 'throttle', operation: 'messages.list', probability: 0.4, retryAfterSeconds: 0.25 },
      { kind: 'unavailable', mailbox: support, operation: 'message.*', probability: 0.3 },
    ]);
    const { id } = await sim.control.deliver(support, { subject: 'faulty' });
    const outcomes: string[] = [];
    for (let i = 0; i < 20; i++) {
      const list = await graph('GET', `users/${support}/messages?$top=1`);
      const get = await graph('GET', `users/${support}/messages/${encodeURIComponent(id)}`);
      outcomes.push(`${list.status}/${list.headers.get('retry-after') ?? '-'}`, `${get.status}`);
    }
    return { outcomes, log: sim.control.requestLog({ kind: 'graph' }) };
  } finally {
    await sim.close();
  }
}

describe('fault injection', () => {
  it('replays identically with the same seed and differently with another', async () => {
    const a = await runScenario(1234);
    const b = await runScenario(1234);
    const c = await runScenario(99);
    expect(a.outcomes).toEqual(b.outcomes);
    expect(a.outcomes).not.toEqual(c.outcomes);
    expect(a.outcomes).toContain('429/0.25');
    expect(a.outcomes).toContain('503');
    expect(a.outcomes).toContain('200/-');
  });

  it('records every Graph request with operation, mailbox, status, fault and timestamps', async () => {
    const { log } = await runScenario(7);
    expect(log).toHaveLength(40);
    const throttled = log.find((e) => e.status === 429);
    expect(throttled).toMatchObject({
      kind: 'graph',
      method: 'GET',
      operation: 'messages.list',
      mailbox: support,
      errorCode: 'TooManyRequests',
    });
    expect(throttled?.fault).toMatch(/^fault-/);
    expect(Date.parse(throttled?.startedAt ?? '')).not.toBeNaN();
    expect(log.filter((e) => e.operation === 'message.get')).toHaveLength(20);
  });

  it('scopes rules by operation prefix and mailbox, and stops after count', () => {
    const faults = createFaultInjector(createSeededRandom(1));
    faults.add({ kind: 'throttle', operation: 'message.*', mailbox: 'a@x', count: 2 });
    expect(faults.forRequest({ operation: 'messages.list', mailbox: ['a@x'] }).failure).toBeUndefined();
    expect(faults.forRequest({ operation: 'message.get', mailbox: ['b@x'] }).failure).toBeUndefined();
    expect(faults.forRequest({ operation: 'message.get', mailbox: ['A@X'] }).failure?.status).toBe(429);
    expect(faults.forRequest({ operation: 'message.move', mailbox: ['a@x'] }).failure?.status).toBe(429);
    expect(faults.forRequest({ operation: 'message.get', mailbox: ['a@x'] }).failure).toBeUndefined();
    expect(faults.list()[0]?.applied).toBe(2);
  });

  it('draws a latency range per request from the seeded stream of the rule', () => {
    const draws = (seed: number) => {
      const faults = createFaultInjector(createSeededRandom(seed));
      faults.add({
        id: 'graph-latency',
        kind: 'latency',
        operation: 'message*',
        latencyMs: 50,
        latencyMaxMs: 150,
      });
      return Array.from({ length: 200 }, () => faults.forRequest({ operation: 'message.get' }).latencyMs);
    };
    const a = draws(5);
    expect(a.every((ms) => ms >= 50 && ms < 150)).toBe(true);
    expect(new Set(a).size).toBe(200);
    expect(Math.min(...a)).toBeLessThan(60);
    expect(Math.max(...a)).toBeGreaterThan(140);
    expect(draws(5)).toEqual(a);
    expect(draws(6)).not.toEqual(a);
  });

  it('adds a fixed latency when no range is given, and refuses a range whose top is below its bottom', () => {
    const faults = createFaultInjector(createSeededRandom(1));
    faults.add({ kind: 'latency', latencyMs: 30 });
    faults.add({ kind: 'latency', operation: 'batch', latencyMs: 5, latencyMaxMs: 5 });
    expect(faults.forRequest({ operation: 'message.get' }).latencyMs).toBe(30);
    expect(faults.forRequest({ operation: 'batch' }).latencyMs).toBe(35);
    expect(() => faults.add({ kind: 'latency', latencyMs: 100, latencyMaxMs: 50 })).toThrow(
      /latencyMaxMs 50 is below latencyMs 100/,
    );
  });

  it('keeps the old rules when a replacement list holds a bad rule', () => {
    const faults = createFaultInjector(createSeededRandom(1));
    faults.add({ id: 'old', kind: 'latency', latencyMs: 5 });
    expect(() => faults.set([{ kind: 'throttle' }, { kind: 'earthquake' as unknown as 'throttle' }])).toThrow(
      /unknown fault kind 'earthquake'/,
    );
    expect(faults.list().map((r) => r.id)).toEqual(['old']);
  });
});
