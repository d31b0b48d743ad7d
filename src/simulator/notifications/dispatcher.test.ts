import { afterEach, describe, expect, it } from 'vitest';
import type { SimulatorOptions, Simulator } from '../index.js';
import {
  getToken,
  graphClient,
  startReceiver,
  startSimulator,
  subscriptionBody,
  support,
} from '../test-support/helpers.js';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((c) => c()));
});

async function setup(
  options: SimulatorOptions = {},
  receiverOptions: Parameters<typeof startReceiver>[0] = {},
) {
  const { sim, url } = await startSimulator(options);
  const receiver = await startReceiver(receiverOptions);
  cleanups.push(
    () => sim.close(),
    () => receiver.close(),
  );
  const graph = graphClient(url, await getToken(url));
  return { sim, receiver, graph, url };
}

async function subscribe(
  graph: ReturnType<typeof graphClient>,
  receiverUrl: string,
  overrides = {},
  headers = {},
) {
  const created = await graph('POST', 'subscriptions', subscriptionBody(receiverUrl, overrides), headers);
  expect(created.status).toBe(201);
  return created.body as { id: string };
}

const changeNotifications = (r: Awaited<ReturnType<typeof startReceiver>>) =>
  r.notifications().filter((n) => n.path === '/notify');
const lifecycleNotifications = (r: Awaited<ReturnType<typeof startReceiver>>) =>
  r.notifications().filter((n) => n.path === '/lifecycle');
const waitForLog = async (sim: Simulator, count: number) => {
  const until = Date.now() + 3000;
  while (sim.control.requestLog({ kind: 'notification' }).length < count) {
    if (Date.now() > until) throw new Error('no notification attempt logged');
    await new Promise((r) => setTimeout(r, 5));
  }
};

describe('notification delivery', () => {
  it('batches pending notifications into one POST in the documented shape, within a second', async () => {
    const { sim, receiver, graph } = await setup();
    const sub = await subscribe(graph, receiver.url);
    const started = Date.now();
    const delivered = await Promise.all(
      ['a', 'b', 'c'].map((subject) => sim.control.deliver(support, { subject, body: { content: subject } })),
    );
    await receiver.waitFor(() => changeNotifications(receiver).length > 0, 1000);
    expect(Date.now() - started).toBeLessThan(1000);
    const [post] = changeNotifications(receiver);
    expect(post?.query.get('mailbox')).toBe('support');
    expect(post?.json.value).toHaveLength(3);
    const first = post?.json.value[0] as Record<string, unknown>;
    expect(Object.keys(first)).toEqual([
      'id',
      'subscriptionId',
      'subscriptionExpirationDateTime',
      'clientState',
      'changeType',
      'resource',
      'tenantId',
      'resourceData',
    ]);
    expect(first).toMatchObject({
      subscriptionId: sub.id,
      changeType: 'created',
      clientState: 'secret-client-state',
    });
    expect(first.resourceData).toMatchObject({
      '@odata.type': '#Microsoft.Graph.Message',
      id: delivered[0]?.id,
    });
    expect((first.resourceData as Record<string, string>)['@odata.etag']).toMatch(/^W\/".+"$/);
  });

  it('carries immutable ids when the subscription was created with Prefer IdType="ImmutableId"', async () => {
    const { sim, receiver, graph } = await setup();
    await subscribe(graph, receiver.url, {}, { prefer: 'IdType="ImmutableId"' });
    const delivered = await sim.control.deliver(support, { subject: 'x' });
    await receiver.waitFor(() => changeNotifications(receiver).length > 0);
    expect((changeNotifications(receiver)[0]?.json.value[0]?.resourceData as { id: string }).id).toBe(
      delivered.immutableId,
    );
  });

  it('retries a failing endpoint with exponential backoff on the simulated clock', async () => {
    const statuses = [500, 503, 202];
    const { sim, receiver, graph } = await setup({}, { status: () => statuses.shift() ?? 202 });
    await subscribe(graph, receiver.url);
    await sim.control.deliver(support, { subject: 'retry me' });
    await waitForLog(sim, 1);
    sim.control.advanceTime(9_000);
    expect(sim.control.requestLog({ kind: 'notification' })).toHaveLength(1);
    sim.control.advanceTime(1_000);
    await waitForLog(sim, 2);
    sim.control.advanceTime(20_000);
    await waitForLog(sim, 3);
    expect(sim.control.requestLog({ kind: 'notification' }).map((e) => e.status)).toEqual([500, 503, 202]);
    expect(changeNotifications(receiver).map((n) => n.json.value[0]?.changeType)).toEqual([
      'created',
      'created',
      'created',
    ]);
    expect(sim.control.pendingNotifications()).toBe(0);
  });

  it('gives up after the retry window and sends a missed lifecycle event', async () => {
    const { sim, receiver, graph } = await setup(
      { settings: { retryInitialDelayMs: 1_000, retryMaxElapsedMs: 10_000 } },
      { status: () => 500 },
    );
    await subscribe(graph, receiver.url);
    await sim.control.deliver(support, { subject: 'never acknowledged' });
    for (let attempt = 1; attempt <= 4; attempt++) {
      await waitForLog(sim, attempt);
      sim.control.advanceTime(2 ** (attempt - 1) * 1_000);
    }
    await receiver.waitFor(() => lifecycleNotifications(receiver).length > 0);
    expect(lifecycleNotifications(receiver)[0]?.json.value[0]).toMatchObject({
      lifecycleEvent: 'missed',
      clientState: 'secret-client-state',
    });
  });

  it('pauses after reauthorizationRequired until the app reauthorizes', async () => {
    const { sim, receiver, graph } = await setup();
    const sub = await subscribe(graph, receiver.url);
    expect(sim.control.fireLifecycleEvent(sub.id, 'reauthorizationRequired', { pauseDelivery: true })).toBe(
      true,
    );
    await receiver.waitFor(() => lifecycleNotifications(receiver).length === 1);
    await sim.control.deliver(support, { subject: 'held' });
    await new Promise((r) => setTimeout(r, 150));
    expect(changeNotifications(receiver)).toHaveLength(0);
    expect((await graph('POST', `subscriptions/${sub.id}/reauthorize`)).status).toBe(204);
    await receiver.waitFor(() => changeNotifications(receiver).length === 1);
  });

  it('announces subscriptionRemoved and delivers nothing afterwards', async () => {
    const { sim, receiver, graph } = await setup();
    const sub = await subscribe(graph, receiver.url);
    sim.control.removeSubscription(sub.id);
    await receiver.waitFor(() => lifecycleNotifications(receiver).length === 1);
    expect(lifecycleNotifications(receiver)[0]?.json.value[0]).toMatchObject({
      subscriptionId: sub.id,
      lifecycleEvent: 'subscriptionRemoved',
    });
    await sim.control.deliver(support, { subject: 'nobody listens' });
    await new Promise((r) => setTimeout(r, 150));
    expect(changeNotifications(receiver)).toHaveLength(0);
    expect((await graph('GET', `subscriptions/${sub.id}`)).status).toBe(404);
  });

  it('sends reauthorizationRequired before expiry, and an expired subscription delivers nothing', async () => {
    const { sim, receiver, graph, url } = await setup();
    const sub = await subscribe(graph, receiver.url, {
      expirationDateTime: new Date(Date.now() + 60 * 60_000).toISOString(),
    });
    sim.control.advanceTime(46 * 60_000);
    await receiver.waitFor(() => lifecycleNotifications(receiver).length === 1);
    expect(lifecycleNotifications(receiver)[0]?.json.value[0]?.lifecycleEvent).toBe(
      'reauthorizationRequired',
    );
    sim.control.advanceTime(15 * 60_000);
    await sim.control.deliver(support, { subject: 'too late' });
    await new Promise((r) => setTimeout(r, 150));
    expect(changeNotifications(receiver)).toHaveLength(0);
    // The old token has expired on the simulated clock too (3599 s), so ask for a new one.
    const fresh = graphClient(url, await getToken(url));
    expect((await fresh('GET', `subscriptions/${sub.id}`)).status).toBe(404);
  });

  it('drops and duplicates notifications when faults say so', async () => {
    const { sim, receiver, graph } = await setup();
    await subscribe(graph, receiver.url);
    sim.control.addFault({ kind: 'dropNotification', count: 1 });
    await sim.control.deliver(support, { subject: 'dropped' });
    sim.control.addFault({ kind: 'duplicateNotification', count: 1 });
    const kept = await sim.control.deliver(support, { subject: 'duplicated' });
    await receiver.waitFor(() => changeNotifications(receiver).length === 2);
    const ids = changeNotifications(receiver).flatMap((n) =>
      n.json.value.map((v) => (v.resourceData as { id: string }).id),
    );
    expect(ids).toEqual([kept.id, kept.id]);
  });
});
