import { createHash, X509Certificate, type KeyObject } from 'node:crypto';
import type { SeededRandom } from '../random.js';
import type { SimClock } from '../sim-clock.js';
import type { MailRole } from '../types.js';
import { createMailbox, type Mailbox, type MailboxChange } from './mailbox.js';

/** A client secret of an app registration. */
export interface AppSecret {
  id: string;
  value: string;
  hint: string;
  displayName: string;
  expiresAtMs: number;
}

/** A certificate registered on an app (its public key verifies client assertions). */
export interface AppCertificate {
  thumbprintSha1: string;
  thumbprintSha256: string;
  publicKey: KeyObject;
  subject: string;
  expiresAtMs: number;
}

/** An app registration with its service principal in one tenant. */
export interface AppRegistration {
  clientId: string;
  /** Object id of the service principal: `oid`/`sub` in tokens, `creatorId` of subscriptions. */
  objectId: string;
  displayName: string;
  tenantId: string;
  roles: Set<MailRole>;
  secrets: AppSecret[];
  certificates: AppCertificate[];
  /** Application access policy: lower-cased UPNs and ids of reachable mailboxes, or null for all. */
  allowedMailboxes: Set<string> | null;
}

/** A simulated Entra tenant. */
export interface Tenant {
  id: string;
  domain: string;
  displayName: string;
  apps: Map<string, AppRegistration>;
  mailboxes: Map<string, Mailbox>;
  mailboxesByUpn: Map<string, Mailbox>;
}

/** The directory of one simulator: tenants, apps and mailboxes. */
export interface TenantState {
  readonly tenants: Map<string, Tenant>;
  addTenant(input: { id?: string; domain: string; displayName?: string }): Tenant;
  findTenant(ref: string): Tenant | undefined;
  addApp(
    tenantRef: string,
    input: { clientId?: string; displayName?: string; roles?: MailRole[] },
  ): AppRegistration;
  findApp(clientId: string): AppRegistration | undefined;
  addSecret(
    clientId: string,
    input: { value?: string; expiresAt?: string; id?: string; displayName?: string },
  ): AppSecret;
  addCertificate(clientId: string, certificatePem: string): AppCertificate;
  setRoles(clientId: string, roles: MailRole[]): AppRegistration;
  setAccessPolicy(clientId: string, mailboxes: string[] | null): AppRegistration;
  addMailbox(
    tenantRef: string,
    input: { address: string; id?: string; displayName?: string; mailboxEnabled?: boolean },
  ): Mailbox;
  findMailbox(tenant: Tenant, ref: string): Mailbox | undefined;
  findMailboxByAddress(address: string): Mailbox | undefined;
  mailboxAllowed(app: AppRegistration, mailbox: Mailbox): boolean;
}

const guidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const roleNames = new Set<MailRole>(['Mail.Read', 'Mail.ReadBasic', 'Mail.ReadWrite', 'Mail.Send']);
const twoYearsMs = 2 * 365 * 24 * 3600 * 1000;

/** Creates the directory; mailbox changes are reported to `onChange`. */
export function createTenantState(deps: {
  random: SeededRandom;
  clock: SimClock;
  onChange: (change: MailboxChange) => void;
}): TenantState {
  const { random, clock } = deps;
  const tenants = new Map<string, Tenant>();

  const requireTenant = (ref: string): Tenant => {
    const tenant = state.findTenant(ref);
    if (!tenant) throw new RangeError(`unknown tenant '${ref}'`);
    return tenant;
  };
  const requireApp = (clientId: string): AppRegistration => {
    const app = state.findApp(clientId);
    if (!app) throw new RangeError(`unknown app '${clientId}'`);
    return app;
  };
  const secretValue = (): string => {
    const alphabet = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.';
    let out = '';
    for (let i = 0; i < 37; i++) out += alphabet[random.int(alphabet.length)];
    // Entra secret values look like "abc8Q~…" (40 characters).
    return `${out.slice(0, 3)}8Q~${out.slice(3)}`;
  };

  const state: TenantState = {
    tenants,
    addTenant(input) {
      const id = (input.id ?? random.guid()).toLowerCase();
      if (!guidPattern.test(id)) throw new RangeError(`tenant id '${id}' is not a GUID`);
      if (state.findTenant(id) || state.findTenant(input.domain))
        throw new RangeError('tenant already exists');
      const tenant: Tenant = {
        id,
        domain: input.domain.toLowerCase(),
        displayName: input.displayName ?? input.domain,
        apps: new Map(),
        mailboxes: new Map(),
        mailboxesByUpn: new Map(),
      };
      tenants.set(id, tenant);
      return tenant;
    },
    findTenant(ref) {
      const lower = ref.toLowerCase();
      return tenants.get(lower) ?? [...tenants.values()].find((t) => t.domain === lower);
    },
    addApp(tenantRef, input) {
      const tenant = requireTenant(tenantRef);
      const clientId = (input.clientId ?? random.guid()).toLowerCase();
      if (state.findApp(clientId)) throw new RangeError(`app '${clientId}' already exists`);
      const roles = input.roles ?? [];
      for (const role of roles) if (!roleNames.has(role)) throw new RangeError(`unknown role '${role}'`);
      const app: AppRegistration = {
        clientId,
        objectId: random.guid(),
        displayName: input.displayName ?? 'ms-inbox',
        tenantId: tenant.id,
        roles: new Set(roles),
        secrets: [],
        certificates: [],
        allowedMailboxes: null,
      };
      tenant.apps.set(clientId, app);
      return app;
    },
    findApp(clientId) {
      const lower = clientId.toLowerCase();
      for (const tenant of tenants.values()) {
        const app = tenant.apps.get(lower);
        if (app) return app;
      }
      return undefined;
    },
    addSecret(clientId, input) {
      const app = requireApp(clientId);
      const value = input.value ?? secretValue();
      const expiresAtMs = input.expiresAt ? Date.parse(input.expiresAt) : clock.nowMs() + twoYearsMs;
      if (Number.isNaN(expiresAtMs)) throw new RangeError(`expiresAt '${input.expiresAt}' is not a date`);
      const secret: AppSecret = {
        id: input.id ?? random.guid(),
        value,
        hint: value.slice(0, 3),
        displayName: input.displayName ?? 'simulator secret',
        expiresAtMs,
      };
      app.secrets.push(secret);
      return secret;
    },
    addCertificate(clientId, certificatePem) {
      const app = requireApp(clientId);
      const cert = new X509Certificate(certificatePem);
      const entry: AppCertificate = {
        thumbprintSha1: createHash('sha1').update(cert.raw).digest('hex').toUpperCase(),
        thumbprintSha256: createHash('sha256').update(cert.raw).digest('hex').toUpperCase(),
        publicKey: cert.publicKey,
        subject: cert.subject,
        expiresAtMs: Date.parse(cert.validTo),
      };
      app.certificates.push(entry);
      return entry;
    },
    setRoles(clientId, roles) {
      const app = requireApp(clientId);
      for (const role of roles) if (!roleNames.has(role)) throw new RangeError(`unknown role '${role}'`);
      app.roles = new Set(roles);
      return app;
    },
    setAccessPolicy(clientId, mailboxes) {
      const app = requireApp(clientId);
      app.allowedMailboxes = mailboxes ? new Set(mailboxes.map((m) => m.toLowerCase())) : null;
      return app;
    },
    addMailbox(tenantRef, input) {
      const tenant = requireTenant(tenantRef);
      const upn = (
        input.address.includes('@') ? input.address : `${input.address}@${tenant.domain}`
      ).toLowerCase();
      if (state.findMailboxByAddress(upn)) throw new RangeError(`mailbox '${upn}' already exists`);
      const id = (input.id ?? random.guid()).toLowerCase();
      if (!guidPattern.test(id)) throw new RangeError(`mailbox id '${id}' is not a GUID`);
      const localPart = upn.split('@')[0] ?? upn;
      const mailbox = createMailbox({
        id,
        upn,
        displayName: input.displayName ?? localPart.charAt(0).toUpperCase() + localPart.slice(1),
        tenantId: tenant.id,
        mailboxEnabled: input.mailboxEnabled ?? true,
        clock,
        onChange: deps.onChange,
      });
      tenant.mailboxes.set(id, mailbox);
      tenant.mailboxesByUpn.set(upn, mailbox);
      return mailbox;
    },
    findMailbox(tenant, ref) {
      const lower = ref.toLowerCase();
      return tenant.mailboxes.get(lower) ?? tenant.mailboxesByUpn.get(lower);
    },
    findMailboxByAddress(address) {
      const lower = address.toLowerCase();
      for (const tenant of tenants.values()) {
        const hit = tenant.mailboxesByUpn.get(lower) ?? tenant.mailboxes.get(lower);
        if (hit) return hit;
      }
      return undefined;
    },
    mailboxAllowed(app, mailbox) {
      return (
        !app.allowedMailboxes || app.allowedMailboxes.has(mailbox.upn) || app.allowedMailboxes.has(mailbox.id)
      );
    },
  };
  return state;
}
