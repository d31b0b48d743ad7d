import type { SeededRandom } from './random.js';

/** Kinds of injectable faults. Request faults shape a Graph/Entra answer; the others act on notifications or state. */
export type FaultKind =
  | 'throttle'
  | 'unavailable'
  | 'latency'
  | 'dropNotification'
  | 'duplicateNotification'
  | 'delayNotification'
  | 'expireDeltaToken'
  | 'removeSubscription';

/** A fault rule; it applies where its scope matches, with its probability, at most `count` times. */
export interface FaultRule {
  id?: string;
  kind: FaultKind;
  /** Operation name (`message.get`), a prefix ending in `*` (`message.*`), or omitted for all. */
  operation?: string;
  /** Mailbox UPN or id; omitted for all mailboxes. */
  mailbox?: string;
  /** 0..1, default 1. Draws come from a stream seeded by the simulator's `randomSeed` and the rule id. */
  probability?: number;
  /** Apply at most this many times. */
  count?: number;
  /** throttle/unavailable: the `Retry-After` header in seconds (fractions allowed). */
  retryAfterSeconds?: number;
  /** throttle: `TooManyRequests` (default) or `ApplicationThrottled` (Outlook's mailbox-concurrency code). */
  code?: string;
  /** latency: added delay in real milliseconds before answering (the lower end when `latencyMaxMs` is set). */
  latencyMs?: number;
  /** latency: the upper end of a delay drawn uniformly from [`latencyMs`, `latencyMaxMs`] per request. */
  latencyMaxMs?: number;
  /** delayNotification: delay in simulated milliseconds. */
  delayMs?: number;
}

/** A rule as listed, with how often it fired. */
export interface FaultRuleState extends FaultRule {
  id: string;
  applied: number;
}

/** What request faults decided for one request. */
export interface RequestFaultDecision {
  latencyMs: number;
  failure?: { status: 429 | 503; code: string; retryAfterSeconds?: number; faultId: string };
}

/** What notification faults decided for one notification item. */
export interface NotificationFaultDecision {
  drop: boolean;
  duplicate: boolean;
  delayMs: number;
  removeSubscription: boolean;
}

/** The fault injector of one simulator. */
export interface FaultInjector {
  add(rule: FaultRule): FaultRuleState;
  set(rules: FaultRule[]): FaultRuleState[];
  remove(id: string): boolean;
  clear(): void;
  list(): FaultRuleState[];
  forRequest(scope: { operation: string; mailbox?: string[] }): RequestFaultDecision;
  forNotification(scope: { mailbox?: string[] }): NotificationFaultDecision;
  shouldExpireDeltaToken(scope: { mailbox?: string[] }): boolean;
}

const faultKinds = new Set<FaultKind>([
  'throttle',
  'unavailable',
  'latency',
  'dropNotification',
  'duplicateNotification',
  'delayNotification',
  'expireDeltaToken',
  'removeSubscription',
]);

/** Creates a fault injector whose random draws come from `random` (forked per rule id). */
export function createFaultInjector(random: SeededRandom): FaultInjector {
  let rules: Array<FaultRuleState & { stream: SeededRandom }> = [];
  let nextId = 1;

  const matches = (
    rule: FaultRule,
    operation: string | undefined,
    mailboxes: string[] | undefined,
  ): boolean => {
    if (rule.operation && rule.operation !== '*' && operation !== undefined) {
      const wanted = rule.operation;
      const ok = wanted.endsWith('*') ? operation.startsWith(wanted.slice(0, -1)) : operation === wanted;
      if (!ok) return false;
    }
    if (rule.mailbox) {
      const wanted = rule.mailbox.toLowerCase();
      if (!mailboxes?.some((m) => m.toLowerCase() === wanted)) return false;
    }
    return true;
  };

  // Draw only for rules whose scope matches, so the same request sequence always consumes the same draws.
  const fire = (kinds: FaultKind[], operation: string | undefined, mailboxes: string[] | undefined) =>
    rules.filter((rule) => {
      if (!kinds.includes(rule.kind) || !matches(rule, operation, mailboxes)) return false;
      if (rule.count !== undefined && rule.applied >= rule.count) return false;
      const hit = rule.stream.next() < (rule.probability ?? 1);
      if (hit) rule.applied += 1;
      return hit;
    });

  const check = (rule: FaultRule): void => {
    if (!faultKinds.has(rule.kind)) throw new TypeError(`unknown fault kind '${String(rule.kind)}'`);
    if (rule.latencyMaxMs !== undefined && rule.latencyMaxMs < (rule.latencyMs ?? 0)) {
      throw new TypeError(`latencyMaxMs ${rule.latencyMaxMs} is below latencyMs ${rule.latencyMs ?? 0}`);
    }
  };
  const add = (rule: FaultRule): FaultRuleState => {
    check(rule);
    const id = rule.id ?? `fault-${nextId++}`;
    const state = { ...rule, id, applied: 0, stream: random.fork(id) };
    rules.push(state);
    return strip(state);
  };

  return {
    add,
    set(newRules) {
      // Every rule is checked before the old ones go, so a bad list leaves the rules as they were.
      newRules.forEach(check);
      rules = [];
      return newRules.map(add);
    },
    remove(id) {
      const before = rules.length;
      rules = rules.filter((r) => r.id !== id);
      return rules.length < before;
    },
    clear() {
      rules = [];
    },
    list: () => rules.map(strip),
    forRequest({ operation, mailbox }) {
      const hits = fire(['latency', 'throttle', 'unavailable'], operation, mailbox);
      const latencyMs = hits.filter((r) => r.kind === 'latency').reduce((sum, r) => sum + latencyOf(r), 0);
      const failing = hits.find((r) => r.kind !== 'latency');
      if (!failing) return { latencyMs };
      const status = failing.kind === 'throttle' ? 429 : 503;
      return {
        latencyMs,
        failure: {
          status,
          code: failing.code ?? (status === 429 ? 'TooManyRequests' : 'serviceNotAvailable'),
          retryAfterSeconds: failing.retryAfterSeconds ?? (status === 429 ? 2.128 : undefined),
          faultId: failing.id,
        },
      };
    },
    forNotification({ mailbox }) {
      const hits = fire(
        ['dropNotification', 'duplicateNotification', 'delayNotification', 'removeSubscription'],
        undefined,
        mailbox,
      );
      return {
        drop: hits.some((r) => r.kind === 'dropNotification'),
        duplicate: hits.some((r) => r.kind === 'duplicateNotification'),
        delayMs: hits
          .filter((r) => r.kind === 'delayNotification')
          .reduce((s, r) => s + (r.delayMs ?? 60_000), 0),
        removeSubscription: hits.some((r) => r.kind === 'removeSubscription'),
      };
    },
    shouldExpireDeltaToken({ mailbox }) {
      return fire(['expireDeltaToken'], undefined, mailbox).length > 0;
    },
  };
}

// A range draws from the rule's own stream after its hit draw, so rules without a range replay as before.
function latencyOf(rule: FaultRuleState & { stream: SeededRandom }): number {
  const low = rule.latencyMs ?? 0;
  if (rule.latencyMaxMs === undefined || rule.latencyMaxMs === low) return low;
  return low + rule.stream.next() * (rule.latencyMaxMs - low);
}

function strip(rule: FaultRuleState & { stream?: SeededRandom }): FaultRuleState {
  const { stream: _stream, ...rest } = rule;
  return { ...rest };
}
