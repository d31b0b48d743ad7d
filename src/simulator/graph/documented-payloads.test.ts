import type * as Graph from '@microsoft/microsoft-graph-types';
import { afterEach, beforeEach, describe, expect, expectTypeOf, it } from 'vitest';
import type { Simulator } from '../index.js';
import type {
  ChangeNotificationJson,
  LifecycleNotificationJson,
} from '../notifications/notification-json.js';
import {
  getToken,
  graphClient,
  startReceiver,
  startSimulator,
  subscriptionBody,
  support,
} from '../test-support/helpers.js';
import type { SubscriptionJson } from './subscription-json.js';

// The response example of "Create subscription" (api-reference/v1.0/api/subscription-post-subscriptions.md).
// The docs mark it `"truncated": true` ("might be shortened for readability").
const documentedCreateResponse = {
  '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#subscriptions/$entity',
  id: '7f105c7d-2dc5-4530-97cd-4e7ae6534c07',
  resource: "me/mailFolders('Inbox')/messages",
  applicationId: '24d3b144-21ae-4080-943f-7067b395b913',
  changeType: 'created',
  clientState: 'secretClientValue',
  notificationUrl: 'https://webhook.azurewebsites.net/api/send/myNotifyClient',
  expirationDateTime: '2016-11-20T18:23:45.9356913Z',
  creatorId: '8ee44408-0679-472c-bc2a-692812af3437',
  latestSupportedTlsVersion: 'v1_2',
  notificationContentType: 'application/json',
};
// The properties of the subscription resource (api-reference/v1.0/resources/subscription.md) that the shortened
// example leaves out; Graph sends them, null when unset.
const leftOutOfTheExample = [
  'includeResourceData',
  'lifecycleNotificationUrl',
  'encryptionCertificate',
  'encryptionCertificateId',
  'notificationQueryOptions',
  'notificationUrlAppId',
];
const subscriptionKeys = [...Object.keys(documentedCreateResponse), ...leftOutOfTheExample].sort();

// The notification example of change-notifications-delivery-webhooks.md (a new message), keys in its order.
const documentedNotification = {
  id: 'lsgTZMr9KwAAA',
  subscriptionId: '{subscription_guid}',
  subscriptionExpirationDateTime: '2016-03-19T22:11:09.952Z',
  clientState: 'secretClientValue',
  changeType: 'created',
  resource: 'users/{user_guid}@{tenant_guid}/messages/{long_id_string}',
  tenantId: '84bd8158-6d4d-4958-8b9f-9d6445542f95',
  resourceData: {
    '@odata.type': '#Microsoft.Graph.Message',
    '@odata.id': 'Users/{user_guid}@{tenant_guid}/Messages/{long_id_string}',
    '@odata.etag': 'W/"CQAAABYAAADkrWGo7bouTKlsgTZMr9KwAAAUWRHf"',
    id: '{long_id_string}',
  },
};
// The reauthorizationRequired example of webhooks-lifecycle.md.
const documentedLifecycleNotification = {
  lifecycleEvent: 'reauthorizationRequired',
  subscriptionId: 'e3898f08-5cd0-4a6a-80fc-6addbfb73b7b',
  subscriptionExpirationDateTime: '2019-09-18T00:52:45.9696658+00:00',
  clientState: '{secret client state}',
  tenantId: '84bd8158-6d4d-4958-8b9f-9d6445542f95',
};

let sim: Simulator;
let graph: ReturnType<typeof graphClient>;
let receiver: Awaited<ReturnType<typeof startReceiver>>;

beforeEach(async () => {
  const started = await startSimulator();
  sim = started.sim;
  graph = graphClient(started.url, await getToken(started.url));
  receiver = await startReceiver();
});
afterEach(async () => {
  await receiver.close();
  await sim.close();
});

describe("payloads in the shape of Microsoft's documented examples", () => {
  it('a subscription from POST, GET, PATCH and the list carries every documented property', async () => {
    const created = await graph('POST', 'subscriptions', subscriptionBody(receiver.url));
    expect(created.status).toBe(201);
    expect(Object.keys(created.body).sort()).toEqual(subscriptionKeys);
    expect(created.body).toMatchObject({
      '@odata.context': expect.stringMatching(/\/v1\.0\/\$metadata#subscriptions\/\$entity$/),
      includeResourceData: false,
      latestSupportedTlsVersion: 'v1_2',
      notificationContentType: 'application/json',
      notificationQueryOptions: null,
      encryptionCertificate: null,
      encryptionCertificateId: null,
      notificationUrlAppId: null,
    });
    const id = created.body.id as string;
    const got = await graph('GET', `subscriptions/${id}`);
    expect(Object.keys(got.body).sort()).toEqual(subscriptionKeys);
    const renewed = await graph('PATCH', `subscriptions/${id}`, {
      expirationDateTime: new Date(Date.now() + 24 * 3600_000).toISOString(),
    });
    expect(Object.keys(renewed.body).sort()).toEqual(subscriptionKeys);
    const listed = (await graph('GET', 'subscriptions')).body.value as Array<Record<string, unknown>>;
    const item = listed.find((s) => s.id === id) ?? {};
    expect(Object.keys(item).sort()).toEqual(subscriptionKeys.filter((k) => k !== '@odata.context'));
  });

  it("renders shapes the Graph SDK's types accept (checked by tsc)", () => {
    expectTypeOf<SubscriptionJson>().toExtend<Graph.Subscription>();
    // Every property of Graph.Subscription is rendered; the one beyond it is the documented read-only content type.
    expectTypeOf<Exclude<keyof Graph.Subscription, keyof SubscriptionJson>>().toBeNever();
    expectTypeOf<
      Exclude<keyof SubscriptionJson, keyof Graph.Subscription>
    >().toEqualTypeOf<'notificationContentType'>();
    expectTypeOf<ChangeNotificationJson>().toExtend<Graph.ChangeNotification>();
    expectTypeOf<LifecycleNotificationJson>().toExtend<Graph.ChangeNotification>();
    expectTypeOf<
      Exclude<keyof ChangeNotificationJson | keyof LifecycleNotificationJson, keyof Graph.ChangeNotification>
    >().toBeNever();
  });

  it('sends null for a lifecycle URL not given, and echoes the app id and certificate id it was given', async () => {
    const created = await graph(
      'POST',
      'subscriptions',
      subscriptionBody(receiver.url, {
        lifecycleNotificationUrl: undefined,
        notificationUrlAppId: 'b0a6b5c4-0000-4000-8000-00000000a11d',
        encryptionCertificateId: 'cert-2026',
      }),
    );
    expect(created.body).toMatchObject({
      lifecycleNotificationUrl: null,
      notificationUrlAppId: 'b0a6b5c4-0000-4000-8000-00000000a11d',
      encryptionCertificateId: 'cert-2026',
    });
    const patched = await graph('PATCH', `subscriptions/${created.body.id}`, {
      encryptionCertificateId: 'cert-2027',
    });
    expect(patched.body.encryptionCertificateId).toBe('cert-2027');
    const refused = await graph('PATCH', `subscriptions/${created.body.id}`, { encryptionCertificateId: 7 });
    expect(refused.status).toBe(400);
    expect((await graph('GET', `subscriptions/${created.body.id}`)).body.encryptionCertificateId).toBe(
      'cert-2027',
    );
  });

  it('a change notification and a lifecycle notification carry exactly the documented keys', async () => {
    const created = await graph('POST', 'subscriptions', subscriptionBody(receiver.url));
    const subscriptionId = created.body.id as string;
    const mine = (path: string) =>
      receiver
        .notifications()
        .filter((n) => n.path === path)
        .flatMap((n) => n.json.value)
        .filter((item) => item.subscriptionId === subscriptionId);

    await sim.control.deliver(support, { subject: 'documented shape', body: { content: 'x' } });
    await receiver.waitFor(() => mine('/notify').length > 0);
    const [item] = mine('/notify');
    expect(Object.keys(item ?? {})).toEqual(Object.keys(documentedNotification));
    expect(Object.keys((item?.resourceData ?? {}) as object)).toEqual(
      Object.keys(documentedNotification.resourceData),
    );
    expect(item?.id).toEqual(expect.stringMatching(/^[A-Za-z0-9_-]{8,}$/));

    sim.control.fireLifecycleEvent(subscriptionId, 'reauthorizationRequired');
    await receiver.waitFor(() => mine('/lifecycle').length > 0);
    const [lifecycle] = mine('/lifecycle');
    expect(Object.keys(lifecycle ?? {})).toEqual(Object.keys(documentedLifecycleNotification));
    expect(lifecycle?.lifecycleEvent).toBe('reauthorizationRequired');
  });

  it('gives every notification its own id', async () => {
    await graph('POST', 'subscriptions', subscriptionBody(receiver.url));
    await Promise.all(
      ['one', 'two', 'three'].map((subject) =>
        sim.control.deliver(support, { subject, body: { content: subject } }),
      ),
    );
    await receiver.waitFor(
      () =>
        receiver
          .notifications()
          .filter((n) => n.path === '/notify')
          .flatMap((n) => n.json.value).length >= 3,
    );
    const ids = receiver
      .notifications()
      .filter((n) => n.path === '/notify')
      .flatMap((n) => n.json.value.map((i) => i.id));
    expect(new Set(ids).size).toBe(ids.length);
  });
});
