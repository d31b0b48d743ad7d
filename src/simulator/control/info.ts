import type { SimulatorCore } from '../core.js';
import type { Subscription } from '../notifications/subscription-store.js';
import { subscriptionDate } from '../notifications/notifier.js';
import type { Mailbox } from '../tenant/mailbox.js';
import type { AppRegistration, Tenant } from '../tenant/state.js';

/** A mailbox as the control API lists it. */
export interface MailboxInfo {
  id: string;
  userPrincipalName: string;
  displayName: string;
  mailboxEnabled: boolean;
  messageCount: number;
  inboxCount: number;
}

/** An app registration as the control API lists it, secrets included (it is a simulator). */
export interface AppInfo {
  clientId: string;
  objectId: string;
  displayName: string;
  roles: string[];
  secrets: Array<{
    id: string;
    value: string;
    hint: string;
    displayName: string;
    expiresAt: string;
    expired: boolean;
  }>;
  certificates: Array<{ thumbprint: string; thumbprintSha256: string; subject: string; expiresAt: string }>;
  allowedMailboxes: string[] | null;
}

/** A tenant as the control API lists it. */
export interface TenantInfo {
  id: string;
  domain: string;
  displayName: string;
  /** The value to configure as the token endpoint (reach it through the simulator's URL). */
  tokenPath: string;
  apps: AppInfo[];
  mailboxes: MailboxInfo[];
}

/** A subscription as the control API lists it, clientState included. */
export interface SubscriptionInfo {
  id: string;
  resource: string;
  changeType: string;
  notificationUrl: string;
  lifecycleNotificationUrl: string | null;
  expirationDateTime: string;
  clientState: string | null;
  applicationId: string;
  mailbox: string;
  immutableIds: boolean;
  paused: boolean;
}

/** Everything `GET /_sim/info` returns. */
export interface SimulatorInfo {
  tenants: TenantInfo[];
  now: string;
  timeScale: number;
  randomSeed: number;
  maxSubscriptionMinutes: number;
}

/** Describes a mailbox. */
export function describeMailbox(mailbox: Mailbox): MailboxInfo {
  const inbox = mailbox.findFolder('inbox');
  return {
    id: mailbox.id,
    userPrincipalName: mailbox.upn,
    displayName: mailbox.displayName,
    mailboxEnabled: mailbox.mailboxEnabled,
    messageCount: mailbox.listFolder(undefined).length,
    inboxCount: inbox ? mailbox.listFolder(inbox).length : 0,
  };
}

/** Describes an app registration. */
export function describeApp(app: AppRegistration, nowMs: number): AppInfo {
  return {
    clientId: app.clientId,
    objectId: app.objectId,
    displayName: app.displayName,
    roles: [...app.roles].sort(),
    secrets: app.secrets.map((s) => ({
      id: s.id,
      value: s.value,
      hint: s.hint,
      displayName: s.displayName,
      expiresAt: new Date(s.expiresAtMs).toISOString(),
      expired: s.expiresAtMs <= nowMs,
    })),
    certificates: app.certificates.map((c) => ({
      thumbprint: c.thumbprintSha1,
      thumbprintSha256: c.thumbprintSha256,
      subject: c.subject,
      expiresAt: new Date(c.expiresAtMs).toISOString(),
    })),
    allowedMailboxes: app.allowedMailboxes ? [...app.allowedMailboxes] : null,
  };
}

/** Describes a tenant. */
export function describeTenant(tenant: Tenant, nowMs: number): TenantInfo {
  return {
    id: tenant.id,
    domain: tenant.domain,
    displayName: tenant.displayName,
    tokenPath: `/${tenant.id}/oauth2/v2.0/token`,
    apps: [...tenant.apps.values()].map((a) => describeApp(a, nowMs)),
    mailboxes: [...tenant.mailboxes.values()].map(describeMailbox),
  };
}

/** Describes a subscription. */
export function describeSubscription(sub: Subscription): SubscriptionInfo {
  return {
    id: sub.id,
    resource: sub.resource,
    changeType: sub.changeType,
    notificationUrl: sub.notificationUrl,
    lifecycleNotificationUrl: sub.lifecycleNotificationUrl,
    expirationDateTime: subscriptionDate(sub.expirationMs),
    clientState: sub.clientState,
    applicationId: sub.applicationId,
    mailbox: sub.mailboxUpn,
    immutableIds: sub.immutableIds,
    paused: sub.paused,
  };
}

/** Describes the whole simulator. */
export function describeSimulator(core: SimulatorCore, randomSeed: number): SimulatorInfo {
  const nowMs = core.clock.nowMs();
  return {
    tenants: [...core.state.tenants.values()].map((t) => describeTenant(t, nowMs)),
    now: new Date(nowMs).toISOString(),
    timeScale: core.clock.timeScale,
    randomSeed,
    maxSubscriptionMinutes: core.settings.maxSubscriptionMinutes,
  };
}
