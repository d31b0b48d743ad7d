import { runValidationHandshake } from '../notifications/validation-handshake.js';
import type { ChangeType, Subscription } from '../notifications/subscription-store.js';
import type { GraphRoute, RouteContext } from './context.js';
import { badBody, GraphFailure } from './errors.js';
import { json } from './message-lookup.js';
import { renderSubscription } from './subscription-json.js';
import { resolveSubscriptionResource } from './subscription-resource.js';

const changeTypes = new Set<ChangeType>(['created', 'updated', 'deleted']);
const maxClientStateLength = 128;

/** An optional string property of a request body: absent or null gives null, anything but a string is refused. */
function optionalText(body: Record<string, unknown>, name: string): string | null {
  const value = body[name];
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') throw badBody(`The value of '${name}' must be a string.`);
  return value;
}

/** Applies the lifetime rules: beyond the maximum is ExtensionError, under 45 minutes is raised to 45. */
function checkExpiration(ctx: RouteContext, value: unknown): number {
  const ms = typeof value === 'string' ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(ms)) {
    throw new GraphFailure(
      400,
      'InvalidRequest',
      "The value of 'expirationDateTime' is missing or is not a valid date.",
    );
  }
  const now = ctx.core.clock.nowMs();
  const { maxSubscriptionMinutes, minSubscriptionMinutes } = ctx.core.settings;
  if (ms - now > maxSubscriptionMinutes * 60_000) {
    throw new GraphFailure(
      400,
      'ExtensionError',
      `Subscription expiration can only be ${maxSubscriptionMinutes} minutes in the future.`,
    );
  }
  return Math.max(ms, now + minSubscriptionMinutes * 60_000);
}

async function checkUrl(ctx: RouteContext, name: string, value: unknown): Promise<string> {
  let url: URL;
  try {
    url = new URL(String(value));
  } catch {
    throw new GraphFailure(400, 'InvalidRequest', `The value of '${name}' is not a valid absolute URL.`);
  }
  if (
    url.protocol !== 'https:' &&
    (ctx.core.settings.requireHttpsNotificationUrl || url.protocol !== 'http:')
  ) {
    throw new GraphFailure(
      400,
      'ValidationError',
      `Subscription validation request failed. The '${name}' must use HTTPS.`,
    );
  }
  const result = await runValidationHandshake(ctx.core, url.toString());
  if (!result.ok) throw new GraphFailure(400, result.code, result.message);
  return String(value);
}

function ownSubscription(ctx: RouteContext): Subscription {
  const sub = ctx.core.subscriptions.get(ctx.params.subscription ?? '');
  if (!sub || sub.applicationId !== ctx.app.clientId || !ctx.core.subscriptions.isActive(sub)) {
    throw new GraphFailure(404, 'ResourceNotFound', 'The object was not found.');
  }
  return sub;
}

async function createSubscription(ctx: RouteContext) {
  const body = ctx.request.body as Record<string, unknown> | undefined;
  if (!body || typeof body !== 'object') throw badBody('Empty Payload. JSON content expected.');
  const changeType = typeof body.changeType === 'string' ? body.changeType : '';
  const types = changeType.split(',').map((s) => s.trim().toLowerCase());
  if (!changeType || !types.every((t): t is ChangeType => changeTypes.has(t as ChangeType))) {
    throw new GraphFailure(
      400,
      'InvalidRequest',
      "The value of 'changeType' must be created, updated or deleted.",
    );
  }
  if (typeof body.resource !== 'string' || body.resource === '') {
    throw new GraphFailure(400, 'InvalidRequest', "The value of 'resource' is missing.");
  }
  if (body.clientState !== undefined && body.clientState !== null) {
    if (typeof body.clientState !== 'string' || body.clientState.length > maxClientStateLength) {
      throw new GraphFailure(
        400,
        'ValidationError',
        `The clientState must be at most ${maxClientStateLength} characters.`,
      );
    }
  }
  if (body.includeResourceData === true) {
    throw new GraphFailure(
      400,
      'ValidationError',
      'Rich notifications (includeResourceData) are not simulated.',
    );
  }
  const echoed = {
    encryptionCertificate: optionalText(body, 'encryptionCertificate'),
    encryptionCertificateId: optionalText(body, 'encryptionCertificateId'),
    notificationUrlAppId: optionalText(body, 'notificationUrlAppId'),
  };
  const target = resolveSubscriptionResource(ctx.core.state, ctx.tenant, body.resource);
  if (!ctx.core.state.mailboxAllowed(ctx.app, target.mailbox)) {
    throw new GraphFailure(403, 'ErrorAccessDenied', 'Access to OData is disabled.');
  }
  if (
    ctx.core.subscriptions.forMailbox(target.mailbox.id).length >=
    ctx.core.settings.maxSubscriptionsPerMailbox
  ) {
    throw new GraphFailure(
      403,
      'ExtensionError',
      `Operation: Create; Exception: [Status Code: Forbidden; Reason: The mailbox has reached the limit of ${ctx.core.settings.maxSubscriptionsPerMailbox} subscriptions.]`,
    );
  }
  const expirationMs = checkExpiration(ctx, body.expirationDateTime);
  // Graph validates each URL separately, notificationUrl first, before answering 201 (§B.2).
  const notificationUrl = await checkUrl(ctx, 'notificationUrl', body.notificationUrl);
  const lifecycleNotificationUrl =
    body.lifecycleNotificationUrl === undefined || body.lifecycleNotificationUrl === null
      ? null
      : await checkUrl(ctx, 'lifecycleNotificationUrl', body.lifecycleNotificationUrl);
  const sub: Subscription = {
    id: ctx.core.random.guid(),
    resource: body.resource,
    changeType,
    changeTypes: new Set(types as ChangeType[]),
    notificationUrl,
    lifecycleNotificationUrl,
    expirationMs,
    clientState: typeof body.clientState === 'string' ? body.clientState : null,
    applicationId: ctx.app.clientId,
    creatorId: ctx.app.objectId,
    tenantId: ctx.tenant.id,
    mailboxId: target.mailbox.id,
    mailboxUpn: target.mailbox.upn,
    folderIndex: target.folderIndex,
    immutableIds: ctx.prefer.immutableIds,
    latestSupportedTlsVersion:
      typeof body.latestSupportedTlsVersion === 'string' ? body.latestSupportedTlsVersion : 'v1_2',
    ...echoed,
    paused: false,
  };
  ctx.core.subscriptions.add(sub);
  return json(201, {
    '@odata.context': `${ctx.request.origin}/v1.0/$metadata#subscriptions/$entity`,
    ...renderSubscription(sub, { withClientState: true }),
  });
}

function listSubscriptions(ctx: RouteContext) {
  const own = ctx.core.subscriptions
    .list()
    .filter((s) => s.applicationId === ctx.app.clientId && ctx.core.subscriptions.isActive(s));
  return json(200, {
    '@odata.context': `${ctx.request.origin}/v1.0/$metadata#subscriptions`,
    value: own.map((s) => renderSubscription(s, { withClientState: false })),
  });
}

function getSubscription(ctx: RouteContext) {
  return json(200, {
    '@odata.context': `${ctx.request.origin}/v1.0/$metadata#subscriptions/$entity`,
    ...renderSubscription(ownSubscription(ctx), { withClientState: false }),
  });
}

async function updateSubscription(ctx: RouteContext) {
  const sub = ownSubscription(ctx);
  const body = (ctx.request.body ?? {}) as Record<string, unknown>;
  // Everything is checked before anything changes, so a refused PATCH leaves the subscription as it was.
  const expirationMs =
    body.expirationDateTime === undefined ? sub.expirationMs : checkExpiration(ctx, body.expirationDateTime);
  // PATCH may also change the notificationUrl and the encryption certificate (subscription-update.md).
  const certificate = {
    encryptionCertificate:
      body.encryptionCertificate === undefined
        ? sub.encryptionCertificate
        : optionalText(body, 'encryptionCertificate'),
    encryptionCertificateId:
      body.encryptionCertificateId === undefined
        ? sub.encryptionCertificateId
        : optionalText(body, 'encryptionCertificateId'),
  };
  const notificationUrl =
    body.notificationUrl !== undefined && body.notificationUrl !== sub.notificationUrl
      ? await checkUrl(ctx, 'notificationUrl', body.notificationUrl)
      : sub.notificationUrl;
  Object.assign(sub, certificate, { notificationUrl });
  // Renewing also reauthorizes (subscription-update.md), so held notifications flow again.
  ctx.core.subscriptions.renew(sub, expirationMs);
  ctx.core.dispatcher.release(sub.id);
  return json(200, {
    '@odata.context': `${ctx.request.origin}/v1.0/$metadata#subscriptions/$entity`,
    ...renderSubscription(sub, { withClientState: false }),
  });
}

function reauthorizeSubscription(ctx: RouteContext) {
  const sub = ownSubscription(ctx);
  sub.paused = false;
  ctx.core.dispatcher.release(sub.id);
  return { status: 204 };
}

function deleteSubscription(ctx: RouteContext) {
  ctx.core.subscriptions.remove(ownSubscription(ctx).id);
  return { status: 204 };
}

/** Subscription create, list, get, renew, reauthorize and delete. */
export const subscriptionRoutes: GraphRoute[] = [
  {
    method: 'POST',
    pattern: 'subscriptions',
    operation: 'subscription.create',
    permission: 'subscribe',
    handler: createSubscription,
  },
  {
    method: 'GET',
    pattern: 'subscriptions',
    operation: 'subscriptions.list',
    permission: 'authenticated',
    handler: listSubscriptions,
  },
  {
    method: 'GET',
    pattern: 'subscriptions/:subscription',
    operation: 'subscription.get',
    permission: 'authenticated',
    handler: getSubscription,
  },
  {
    method: 'PATCH',
    pattern: 'subscriptions/:subscription',
    operation: 'subscription.update',
    permission: 'authenticated',
    handler: updateSubscription,
  },
  {
    method: 'DELETE',
    pattern: 'subscriptions/:subscription',
    operation: 'subscription.delete',
    permission: 'authenticated',
    handler: deleteSubscription,
  },
  {
    method: 'POST',
    pattern: 'subscriptions/:subscription/reauthorize',
    operation: 'subscription.reauthorize',
    permission: 'authenticated',
    handler: reauthorizeSubscription,
  },
];
