import { alertConditions, watchableStates, type AlertRule } from './alert-rule.js';

/** What validation needs to know about the installation. */
export interface RuleValidationContext {
  clientNames: readonly string[];
  /** Webhooks are signed with `server.handler_secret`; without it they cannot be. */
  hasHandlerSecret: boolean;
}

type Candidate = Omit<AlertRule, 'id' | 'createdAt' | 'updatedAt'>;

const address =
  /^[^\s@<>()",;:]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$/;
const thresholdUnits: Partial<Record<AlertRule['condition'], string>> = {
  'unprocessed-overdue': 'minutes',
  'credential-expiry': 'days',
  'renewal-failures': 'consecutive failures',
};

/** True for an https URL, or http on loopback (development), as for external handler targets. */
function isWebhookShaped(target: string): boolean {
  try {
    const url = new URL(target);
    if (url.protocol === 'https:') return url.hostname !== '';
    return url.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
  } catch {
    return false;
  }
}

function thresholdProblems(rule: Candidate): string[] {
  const unit = thresholdUnits[rule.condition];
  if (unit === undefined)
    return rule.threshold === null ? [] : [`threshold: condition "${rule.condition}" takes none`];
  const n = rule.threshold;
  return typeof n === 'number' && Number.isInteger(n) && n >= 1 && n <= 100_000
    ? []
    : [`threshold: must be a whole number of ${unit} from 1 to 100000`];
}

function stateProblems(rule: Candidate): string[] {
  if (rule.condition !== 'inbox-state') return [];
  const states = rule.states ?? [];
  if (!Array.isArray(states) || states.length === 0)
    return [`states: list one or more of ${watchableStates.join(', ')}`];
  const unknown = states.filter((s) => !watchableStates.includes(s));
  return unknown.length === 0
    ? []
    : [`states: ${unknown.join(', ')} is not one of ${watchableStates.join(', ')}`];
}

function mailProblems(rule: Candidate, context: RuleValidationContext): string[] {
  const { mail } = rule;
  if (mail === null) return [];
  const problems: string[] = [];
  if (!address.test(mail.from ?? '')) problems.push('mail.from: must be an e-mail address');
  if (!Array.isArray(mail.to) || mail.to.length === 0 || mail.to.length > 20)
    problems.push('mail.to: list 1 to 20 recipient addresses');
  else {
    const bad = mail.to.filter((to) => !address.test(to));
    if (bad.length > 0) problems.push(`mail.to: ${bad.join(', ')} is not an e-mail address`);
  }
  if (mail.transport === 'graph') {
    if (!context.clientNames.includes(mail.clientName))
      problems.push(`mail.clientName: "${mail.clientName}" is not a configured client`);
  } else if (mail.transport === 'smtp') {
    try {
      const url = new URL(mail.smtpUrl);
      if (!['smtp:', 'smtps:'].includes(url.protocol) || url.hostname === '') throw new Error('protocol');
    } catch {
      // The URL holds a password: never echo it.
      problems.push('mail.smtpUrl: must look like smtp://user:password@host:587 or smtps://host:465');
    }
  } else problems.push('mail.transport: must be "graph" or "smtp"');
  return problems;
}

/** Lists what is wrong with a rule (empty when valid), each naming its field; the egress check comes after. */
export function validateRule(rule: Candidate, context: RuleValidationContext): string[] {
  const problems: string[] = [];
  if (typeof rule.name !== 'string' || rule.name.length === 0 || rule.name.length > 200)
    problems.push('name: must be 1 to 200 characters');
  if (!alertConditions.includes(rule.condition)) {
    problems.push(`condition: must be one of ${alertConditions.join(', ')}`);
    return problems;
  }
  problems.push(...thresholdProblems(rule), ...stateProblems(rule), ...mailProblems(rule, context));
  if (rule.webhookUrl !== null) {
    if (!isWebhookShaped(rule.webhookUrl))
      problems.push('webhookUrl: must be an https:// URL (http:// only on loopback, for development)');
    else if (!context.hasHandlerSecret)
      problems.push('webhookUrl: set server.handler_secret (MS_INBOX_HANDLER_SECRET) to sign alert webhooks');
  }
  if (rule.mail === null && rule.webhookUrl === null)
    problems.push('mail, webhookUrl: give at least one channel');
  return problems;
}
