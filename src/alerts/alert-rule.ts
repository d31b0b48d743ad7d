import { maskSmtpUrl } from '../helpdesk/index.js';
import type { ResourceState } from '../inbox/index.js';
import type { AlertCondition, AlertRulesTable } from '../store/index.js';

/** Every condition a rule can watch. */
export const alertConditions: readonly AlertCondition[] = Object.freeze([
  'inbox-state',
  'mail-failed',
  'unprocessed-overdue',
  'credential-expiry',
  'renewal-failures',
]);

/** Inbox states a rule of `inbox-state` may watch; the default is Expired and Degraded. */
export const watchableStates: readonly ResourceState[] = Object.freeze(['Expired', 'Degraded', 'Error']);

/** Where an alert mail goes: Graph `sendMail` from a mailbox of a configured client, or an SMTP server. */
export type AlertMail =
  | { transport: 'graph'; clientName: string; from: string; to: string[] }
  | { transport: 'smtp'; smtpUrl: string; from: string; to: string[] };

/** A rule as the API shows it (SMTP password masked). */
export interface AlertRule {
  id: string;
  name: string;
  enabled: boolean;
  condition: AlertCondition;
  /** Minutes (unprocessed-overdue), days (credential-expiry), consecutive failures (renewal-failures). */
  threshold: number | null;
  /** Watched states (inbox-state). */
  states: ResourceState[] | null;
  mail: AlertMail | null;
  /** Signed like external handler requests (`ms-inbox-signature`, `server.handler_secret`). */
  webhookUrl: string | null;
  createdAt: string;
  updatedAt: string;
}

/** What an admin sends to create or replace a rule. */
export interface AlertRuleInput {
  name: string;
  enabled?: boolean;
  condition: AlertCondition;
  threshold?: number | null;
  states?: ResourceState[] | null;
  mail?: AlertMail | null;
  webhookUrl?: string | null;
}

/** The threshold a condition uses when none is given, or null when it takes none. */
const defaultThresholds: Record<AlertCondition, number | null> = {
  'inbox-state': null,
  'mail-failed': null,
  'unprocessed-overdue': 30,
  'credential-expiry': 14,
  'renewal-failures': 1,
};

const jsonList = <T>(text: string | null): T[] | null => (text === null ? null : (JSON.parse(text) as T[]));

/** A stored row as a rule, with the SMTP URL as stored (callers mask it before it leaves the service). */
export function ruleFromRow(row: AlertRulesTable): AlertRule {
  const to = jsonList<string>(row.mail_to) ?? [];
  const from = row.mail_from ?? '';
  const mail: AlertMail | null =
    row.mail_transport === 'graph'
      ? { transport: 'graph', clientName: row.mail_client ?? '', from, to }
      : row.mail_transport === 'smtp'
        ? { transport: 'smtp', smtpUrl: row.smtp_url ?? '', from, to }
        : null;
  return {
    id: row.id,
    name: row.name,
    enabled: row.enabled === 1,
    condition: row.condition,
    threshold: row.threshold,
    states: jsonList<ResourceState>(row.states),
    mail,
    webhookUrl: row.webhook_url,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** A rule as a row. */
export function rowFromRule(rule: AlertRule): AlertRulesTable {
  const { mail } = rule;
  return {
    id: rule.id,
    name: rule.name,
    enabled: rule.enabled ? 1 : 0,
    condition: rule.condition,
    threshold: rule.threshold,
    states: rule.states === null ? null : JSON.stringify(rule.states),
    mail_transport: mail?.transport ?? null,
    mail_client: mail?.transport === 'graph' ? mail.clientName : null,
    mail_from: mail?.from ?? null,
    mail_to: mail ? JSON.stringify(mail.to) : null,
    smtp_url: mail?.transport === 'smtp' ? mail.smtpUrl : null,
    webhook_url: rule.webhookUrl,
    created_at: rule.createdAt,
    updated_at: rule.updatedAt,
  };
}

/** The rule as it may leave the service: the SMTP URL's password masked. */
export function maskRule(rule: AlertRule): AlertRule {
  if (rule.mail?.transport !== 'smtp') return rule;
  return { ...rule, mail: { ...rule.mail, smtpUrl: maskSmtpUrl(rule.mail.smtpUrl) ?? '' } };
}

/** Input with the defaults of its condition filled in. */
export function normaliseInput(input: AlertRuleInput): Omit<AlertRule, 'id' | 'createdAt' | 'updatedAt'> {
  const condition = input.condition;
  return {
    name: typeof input.name === 'string' ? input.name.trim() : input.name,
    enabled: input.enabled ?? true,
    condition,
    threshold: input.threshold ?? defaultThresholds[condition] ?? null,
    states: condition === 'inbox-state' ? (input.states ?? ['Expired', 'Degraded']) : null,
    mail: input.mail ?? null,
    webhookUrl: input.webhookUrl ?? null,
  };
}
