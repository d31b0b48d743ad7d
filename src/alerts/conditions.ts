import { certificateExpiryOf, secretExpiryOf, type AppConfig } from '../config/index.js';
import type { Inbox, ResourceStatus } from '../inbox/index.js';
import type { Clock } from '../shared/index.js';
import type { AlertCondition } from '../store/index.js';
import type { AlertRule } from './alert-rule.js';

/** One subject a condition holds for right now: what the alert is about and what to tell. */
export interface Finding {
  /** Stable key of what the condition holds for: `resource:<id>`, `client:<name>:secret`, … */
  subject: string;
  title: string;
  detail: string;
}

/** What conditions read: resource health (the inbox's one reading of the ledger), configuration, the clock. */
export interface ConditionDeps {
  clock: Clock;
  config: AppConfig;
  health: Pick<Inbox['health'], 'list' | 'unprocessedSince'>;
}

/** What one evaluation shares between rules, read at most once. */
interface Snapshot {
  resources: () => Promise<ResourceStatus[]>;
}

type Evaluate = (rule: AlertRule, deps: ConditionDeps, snapshot: Snapshot) => Promise<Finding[]>;

const inboxOf = (r: ResourceStatus) => `${r.row.email} (${r.row.client_name})`;
const subjectOf = (r: ResourceStatus) => `resource:${r.row.id}`;

/** A map of small evaluators, one per condition. */
const evaluators: Record<AlertCondition, Evaluate> = {
  async 'inbox-state'(rule, _deps, snapshot) {
    const states = rule.states ?? [];
    return (await snapshot.resources())
      .filter((r) => states.includes(r.state))
      .map((r) => ({
        subject: subjectOf(r),
        title: `Inbox ${inboxOf(r)} is ${r.state}`,
        detail: r.stateReason ?? `the inbox is ${r.state}`,
      }));
  },
  async 'mail-failed'(_rule, _deps, snapshot) {
    return (await snapshot.resources())
      .filter((r) => r.health.counts.failed > 0)
      .map((r) => ({
        subject: subjectOf(r),
        title: `Failed mail in ${inboxOf(r)}`,
        detail: `${r.health.counts.failed} mail(s) are Failed; retry them from the Messages page once the cause is fixed`,
      }));
  },
  async 'unprocessed-overdue'(rule, deps) {
    const minutes = rule.threshold ?? 1;
    const before = new Date(deps.clock.now().getTime() - minutes * 60_000).toISOString();
    return (await deps.health.unprocessedSince(before)).map(({ row, count }) => ({
      subject: `resource:${row.id}`,
      title: `Unprocessed mail in ${row.email} (${row.client_name})`,
      detail: `${count} mail(s) have waited more than ${minutes} minute(s) to be processed`,
    }));
  },
  async 'credential-expiry'(rule, deps) {
    const now = deps.clock.now();
    const days = rule.threshold ?? 0;
    return deps.config.clients.flatMap((client) =>
      [secretExpiryOf(client, now), certificateExpiryOf(client, now)]
        .filter((e) => e !== null && e.daysLeft < days)
        .map((e) => ({
          subject: `client:${client.name}:${e?.credential}`,
          title: `The ${e?.credential} of client ${client.name} expires on ${e?.expiresAt.slice(0, 10)}`,
          detail: e?.message ?? '',
        })),
    );
  },
  async 'renewal-failures'(rule, _deps, snapshot) {
    const failures = rule.threshold ?? 1;
    return (await snapshot.resources())
      .filter((r) => (r.subscription?.failures ?? 0) >= failures)
      .map((r) => ({
        subject: subjectOf(r),
        title: `Subscription renewal failing for ${inboxOf(r)}`,
        detail: `${r.subscription?.failures} consecutive renewal(s) or creation(s) failed: ${r.subscription?.last_error ?? 'no error recorded'}`,
      }));
  },
};

/** Evaluates every rule against one snapshot of resource health; returns the findings per rule id. */
export async function evaluateRules(
  rules: readonly AlertRule[],
  deps: ConditionDeps,
): Promise<Map<string, Finding[]>> {
  let resources: Promise<ResourceStatus[]> | null = null;
  const snapshot: Snapshot = { resources: () => (resources ??= deps.health.list()) };
  const findings = new Map<string, Finding[]>();
  for (const rule of rules) findings.set(rule.id, await evaluators[rule.condition](rule, deps, snapshot));
  return findings;
}
