import type { SimulatorCore } from '../core.js';
import type { FaultRule, FaultRuleState } from '../faults.js';
import type { Notifier } from '../notifications/notifier.js';
import type { RequestLogEntry, RequestLogFilter } from '../request-log.js';
import { deliverMessage } from '../tenant/delivery.js';
import type { Mailbox } from '../tenant/mailbox.js';
import type { DeliveredMessage, LifecycleEventName, MailRole, MessageInput } from '../types.js';
import {
  describeApp,
  describeMailbox,
  describeSimulator,
  describeSubscription,
  describeTenant,
  type AppInfo,
  type MailboxInfo,
  type SimulatorInfo,
  type SubscriptionInfo,
  type TenantInfo,
} from './info.js';

/** Thrown for control calls that name something unknown (the HTTP surface maps it to 404). */
export class ControlNotFoundError extends Error {}

/** A message as the control API lists it. */
export interface MessageSummary {
  id: string;
  immutableId: string;
  subject: string;
  folder: string;
  receivedDateTime: string;
  isRead: boolean;
  internetMessageId: string;
}

/** The programmatic control surface of a simulator; `/_sim` mirrors it over HTTP. */
export interface SimulatorControl {
  info(): SimulatorInfo;
  addTenant(input: { id?: string; domain: string; displayName?: string }): TenantInfo;
  addApp(
    tenant: string,
    input: { clientId?: string; displayName?: string; roles?: MailRole[]; secret?: string },
  ): AppInfo;
  addSecret(
    clientId: string,
    input?: { value?: string; expiresAt?: string; displayName?: string },
  ): AppInfo['secrets'][number];
  addCertificate(clientId: string, certificatePem: string): AppInfo['certificates'][number];
  setRoles(clientId: string, roles: MailRole[]): AppInfo;
  setAccessPolicy(clientId: string, mailboxes: string[] | null): AppInfo;
  addMailbox(
    tenant: string,
    input: { address: string; id?: string; displayName?: string; mailboxEnabled?: boolean },
  ): MailboxInfo;
  setMailboxEnabled(address: string, enabled: boolean): MailboxInfo;
  /** Delivers Graph JSON, or raw RFC 822 (Buffer or string), into a folder (the Inbox by default). */
  deliver(
    address: string,
    message: MessageInput | Buffer | string,
    options?: { folder?: string },
  ): Promise<DeliveredMessage>;
  listMessages(address: string, folder?: string): MessageSummary[];
  addFault(rule: FaultRule): FaultRuleState;
  setFaults(rules: FaultRule[]): FaultRuleState[];
  removeFault(id: string): boolean;
  clearFaults(): void;
  listFaults(): FaultRuleState[];
  requestLog(filter?: RequestLogFilter): RequestLogEntry[];
  clearRequestLog(): void;
  listSubscriptions(): SubscriptionInfo[];
  /** Sends a lifecycle event; `pauseDelivery` holds notifications until reauthorize/renew. */
  fireLifecycleEvent(
    subscriptionId: string,
    event: LifecycleEventName,
    options?: { pauseDelivery?: boolean },
  ): boolean;
  /** Removes a subscription as Graph would, announcing `subscriptionRemoved` unless `notify` is false. */
  removeSubscription(subscriptionId: string, options?: { notify?: boolean }): boolean;
  /** Expires the delta tokens of one mailbox, or of all mailboxes. */
  expireDeltaTokens(address?: string): void;
  advanceTime(ms: number): void;
  setTimeScale(factor: number): void;
  now(): Date;
  /** Notifications queued, in flight, held or waiting for a retry. */
  pendingNotifications(): number;
}

/** Creates the control API over a simulator's core. */
export function createControlApi(
  core: SimulatorCore,
  notifier: Notifier,
  randomSeed: number,
): SimulatorControl {
  const mailbox = (address: string): Mailbox => {
    const hit = core.state.findMailboxByAddress(address);
    if (!hit) throw new ControlNotFoundError(`no mailbox '${address}'`);
    return hit;
  };
  const app = (clientId: string) => {
    const hit = core.state.findApp(clientId);
    if (!hit) throw new ControlNotFoundError(`no app '${clientId}'`);
    return hit;
  };
  const tenant = (ref: string) => {
    const hit = core.state.findTenant(ref);
    if (!hit) throw new ControlNotFoundError(`no tenant '${ref}'`);
    return hit;
  };
  const now = () => core.clock.nowMs();

  return {
    info: () => describeSimulator(core, randomSeed),
    addTenant: (input) => describeTenant(core.state.addTenant(input), now()),
    addApp(tenantRef, input) {
      // Checked before the app exists, so a bad secret leaves no half-made app behind.
      if (input.secret !== undefined && (typeof input.secret !== 'string' || input.secret === ''))
        throw new RangeError('secret must be a non-empty string');
      const created = core.state.addApp(tenant(tenantRef).id, input);
      if (input.secret !== undefined) core.state.addSecret(created.clientId, { value: input.secret });
      return describeApp(created, now());
    },
    addSecret(clientId, input = {}) {
      const secret = core.state.addSecret(app(clientId).clientId, input);
      const described = describeApp(app(clientId), now()).secrets.find((s) => s.id === secret.id);
      if (!described) throw new ControlNotFoundError('secret vanished');
      return described;
    },
    addCertificate(clientId, pem) {
      const cert = core.state.addCertificate(app(clientId).clientId, pem);
      return {
        thumbprint: cert.thumbprintSha1,
        thumbprintSha256: cert.thumbprintSha256,
        subject: cert.subject,
        expiresAt: new Date(cert.expiresAtMs).toISOString(),
      };
    },
    setRoles: (clientId, roles) => describeApp(core.state.setRoles(app(clientId).clientId, roles), now()),
    setAccessPolicy: (clientId, list) =>
      describeApp(core.state.setAccessPolicy(app(clientId).clientId, list), now()),
    addMailbox: (tenantRef, input) => describeMailbox(core.state.addMailbox(tenant(tenantRef).id, input)),
    setMailboxEnabled(address, enabled) {
      const target = mailbox(address);
      target.mailboxEnabled = enabled;
      return describeMailbox(target);
    },
    deliver(address, message, options = {}) {
      const input = typeof message === 'string' ? Buffer.from(message, 'utf8') : message;
      return deliverMessage(core.factory, mailbox(address), input, options);
    },
    listMessages(address, folderRef) {
      const target = mailbox(address);
      const folder = folderRef === undefined ? undefined : target.findFolder(folderRef);
      if (folderRef !== undefined && !folder) throw new ControlNotFoundError(`no folder '${folderRef}'`);
      return target.listFolder(folder).map((r) => ({
        id: target.messageId(r, false),
        immutableId: target.messageId(r, true),
        subject: r.subject,
        folder: target.folderByIndex(r.folder).wellKnownName,
        receivedDateTime: new Date(r.receivedMs).toISOString(),
        isRead: r.isRead,
        internetMessageId: r.internetMessageId,
      }));
    },
    addFault: (rule) => core.faults.add(rule),
    setFaults: (rules) => core.faults.set(rules),
    removeFault: (id) => core.faults.remove(id),
    clearFaults: () => core.faults.clear(),
    listFaults: () => core.faults.list(),
    requestLog: (filter) => core.requestLog.list(filter),
    clearRequestLog: () => core.requestLog.clear(),
    listSubscriptions: () => core.subscriptions.list().map(describeSubscription),
    fireLifecycleEvent(subscriptionId, event, options = {}) {
      const sub = core.subscriptions.get(subscriptionId);
      if (!sub) throw new ControlNotFoundError(`no subscription '${subscriptionId}'`);
      if (event === 'subscriptionRemoved') core.subscriptions.remove(sub.id);
      if (event === 'reauthorizationRequired' && options.pauseDelivery) sub.paused = true;
      return notifier.sendLifecycle(sub, event);
    },
    removeSubscription(subscriptionId, options = {}) {
      const sub = core.subscriptions.remove(subscriptionId);
      if (!sub) return false;
      if (options.notify !== false) notifier.sendLifecycle(sub, 'subscriptionRemoved');
      return true;
    },
    expireDeltaTokens(address) {
      const targets =
        address === undefined
          ? [...core.state.tenants.values()].flatMap((t) => [...t.mailboxes.values()])
          : [mailbox(address)];
      for (const target of targets) target.deltaEpoch += 1;
    },
    advanceTime: (ms) => core.clock.advance(ms),
    setTimeScale: (factor) => core.clock.setTimeScale(factor),
    now: () => core.clock.now(),
    pendingNotifications: () => core.dispatcher.pendingCount(),
  };
}
