import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { demoTenant, type Simulator } from '../index.js';
import {
  getToken,
  graphClient,
  startReceiver,
  startSimulator,
  subscriptionBody,
  support,
} from '../test-support/helpers.js';

let sim: Simulator;
let graph: ReturnType<typeof graphClient>;
const receivers: Array<{ close(): Promise<void> }> = [];

beforeEach(async () => {
  const started = await startSimulator({ settings: { validationTimeoutMs: 500 } });
  sim = started.sim;
  graph = graphClient(started.url, await getToken(started.url));
});
afterEach(async () => {
  await Promise.all(receivers.splice(0).map((r) => r.close()));
});
afterEach(() => sim.close());

async function receiver(mode: Parameters<typeof startReceiver>[0] = {}) {
  const r = await startReceiver(mode);
  receivers.push(r);
  return r;
}

describe('subscriptions', () => {
  it('runs the handshake against both URLs and answers 201 with the subscription', async () => {
    const r = await receiver();
    const created = await graph('POST', 'subscriptions', subscriptionBody(r.url));
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      resource: `users/${support}/mailFolders('Inbox')/messages`,
      changeType: 'created',
      clientState: 'secret-client-state',
      notificationUrl: `${r.url}/notify?mailbox=support`,
      latestSupportedTlsVersion: 'v1_2',
    });
    expect(created.body.expirationDateTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}Z$/);
    const validations = r.received.filter((x) => x.query.has('validationToken'));
    expect(validations.map((v) => v.path)).toEqual(['/notify', '/lifecycle']);
    // The notificationUrl's own query string is kept (§B.1).
    expect(validations[0]?.query.get('mailbox')).toBe('support');
    expect(validations[0]?.headers['content-type']).toBe('text/plain; charset=utf-8');
  });

  it('fails with Graph errors when the receiver does not echo the token', async () => {
    const cases = [
      {
        mode: 'no-echo' as const,
        code: 'ValidationError',
        message:
          'Subscription validation request failed. Response must exactly match validationToken query parameter.',
      },
      {
        mode: 'encoded' as const,
        code: 'ValidationError',
        message:
          'Subscription validation request failed. Response must exactly match validationToken query parameter.',
      },
      {
        mode: 'forbidden' as const,
        code: 'ValidationError',
        message: "Subscription validation request failed. HTTP status code is 'Forbidden'.",
      },
      {
        mode: 'silent' as const,
        code: 'InvalidRequest',
        message: 'Subscription validation request timed out.',
      },
    ];
    for (const c of cases) {
      const r = await receiver({ mode: c.mode });
      const failed = await graph('POST', 'subscriptions', subscriptionBody(r.url));
      expect(failed.status).toBe(400);
      expect(failed.body.error).toMatchObject({ code: c.code, message: c.message });
    }
    const closed = await graph('POST', 'subscriptions', subscriptionBody('http://127.0.0.1:9'));
    expect(closed.body.error.message).toBe(
      'Subscription validation request failed. Notification endpoint must respond with 200 OK to validation request.',
    );
  });

  it('answers 404 ExtensionError, as Outlook does, for a mailbox that does not exist or has no licence', async () => {
    const r = await receiver();
    const unlicensed = sim.control.addMailbox(demoTenant.tenantId, {
      address: 'unlicensed-subscriber',
      mailboxEnabled: false,
    });
    const cases = [
      {
        user: `nobody@${demoTenant.domain}`,
        reason: `The requested user 'nobody@${demoTenant.domain}' is invalid.`,
      },
      { user: unlicensed.id, reason: 'REST API is not yet supported for this mailbox.' },
    ];
    for (const c of cases) {
      const failed = await graph(
        'POST',
        'subscriptions',
        subscriptionBody(r.url, { resource: `users/${c.user}/mailFolders('Inbox')/messages` }),
      );
      expect(failed.status).toBe(404);
      expect(failed.body.error).toMatchObject({
        code: 'ExtensionError',
        message: `Operation: Create; Exception: [Status Code: NotFound; Reason: ${c.reason}]`,
      });
    }
    expect(r.received).toEqual([]);
  });

  it('enforces the lifetime: ExtensionError past the limit, 45 minutes minimum', async () => {
    const r = await receiver();
    const tooLong = await graph(
      'POST',
      'subscriptions',
      subscriptionBody(r.url, {
        expirationDateTime: new Date(Date.now() + 10_080 * 60_000).toISOString(),
      }),
    );
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.error).toMatchObject({
      code: 'ExtensionError',
      message: 'Subscription expiration can only be 10070 minutes in the future.',
    });
    const short = await graph(
      'POST',
      'subscriptions',
      subscriptionBody(r.url, {
        expirationDateTime: new Date(Date.now() + 5 * 60_000).toISOString(),
      }),
    );
    expect(Date.parse(short.body.expirationDateTime) - Date.now()).toBeGreaterThan(44 * 60_000);
    const longState = await graph(
      'POST',
      'subscriptions',
      subscriptionBody(r.url, { clientState: 'x'.repeat(129) }),
    );
    expect(longState.status).toBe(400);
  });

  it('lists with clientState null, renews with PATCH, reauthorizes, and deletes with 204', async () => {
    const r = await receiver();
    const created = await graph('POST', 'subscriptions', subscriptionBody(r.url));
    const id = created.body.id as string;
    const list = await graph('GET', 'subscriptions');
    const listed = (list.body.value as Array<{ id: string; clientState: unknown }>).find((s) => s.id === id);
    expect(listed?.clientState).toBeNull();
    expect((await graph('GET', `subscriptions/${id}`)).body.clientState).toBeNull();

    const renewedTo = new Date(Date.now() + 2 * 24 * 3600_000).toISOString();
    const renewed = await graph('PATCH', `subscriptions/${id}`, { expirationDateTime: renewedTo });
    expect(renewed.status).toBe(200);
    expect(Date.parse(renewed.body.expirationDateTime)).toBe(Date.parse(renewedTo));
    expect((await graph('POST', `subscriptions/${id}/reauthorize`)).status).toBe(204);
    expect((await graph('DELETE', `subscriptions/${id}`)).status).toBe(204);
    expect((await graph('GET', `subscriptions/${id}`)).status).toBe(404);
    expect((await graph('PATCH', `subscriptions/${id}`, { expirationDateTime: renewedTo })).status).toBe(404);
  });

  it('honours a configured 4,230-minute limit and refuses /me for app-only tokens', async () => {
    const old = await startSimulator({ maxSubscriptionMinutes: 4230 });
    try {
      const oldGraph = graphClient(old.url, await getToken(old.url));
      const r = await receiver();
      const tooLong = await oldGraph('POST', 'subscriptions', subscriptionBody(r.url));
      expect(tooLong.body.error.message).toBe(
        'Subscription expiration can only be 4230 minutes in the future.',
      );
      const me = await oldGraph(
        'POST',
        'subscriptions',
        subscriptionBody(r.url, {
          resource: "me/mailFolders('Inbox')/messages",
          expirationDateTime: new Date(Date.now() + 3600_000).toISOString(),
        }),
      );
      expect(me.body.error.message).toBe('/me request is only valid with delegated authentication flow.');
    } finally {
      await old.sim.close();
    }
  });
});
