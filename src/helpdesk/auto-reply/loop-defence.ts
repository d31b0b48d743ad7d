import type { AutoReplyLimits, ReplyLimit } from './auto-reply-settings.js';

/** Why an auto-reply was not sent; stored in the log and named on the helpdesk. */
type SuppressionReason =
  | 'disabled'
  | 'automatic-mail'
  | 'no-recipient'
  | 'no-from-address'
  | 'no-reply-address'
  | 'watched-mailbox'
  | 'sender-limit'
  | 'helpdesk-limit';

/** What the rules judge an auto-reply by. */
export interface ReplyFacts {
  /** The answered mail's flags and the signals behind them. */
  flags: { isAutoreply: boolean; isBounce: boolean; isBulk: boolean };
  signals: readonly string[];
  /** Lower-cased. */
  recipient: string | null;
  from: string | null;
  /** Every mailbox ms-inbox watches (any client, active or not), lower-cased. */
  watchedMailboxes: ReadonlySet<string>;
  /** When this resource's earlier auto-replies to `recipient` were sent (ms since epoch). */
  senderReplyTimes: readonly number[];
  /** When earlier auto-replies for this helpdesk were sent. */
  helpdeskReplyTimes: readonly number[];
  limits: AutoReplyLimits;
  now: number;
}

/** One loop-defence rule: null when the reply may go, else what stops it (shown to admins). */
export interface LoopRule {
  name: SuppressionReason;
  refuse(facts: ReplyFacts): string | null;
}

/** Local parts that never read their mail (RFC 3834 §2 names the first ones). */
const unattended = /^(no[-_.]?reply|do[-_.]?not[-_.]?reply|mailer[-_.]?daemon|postmaster)([-_.+].*)?$/i;

const window = (minutes: number) =>
  minutes % 1440 === 0
    ? `${minutes / 1440} day${minutes === 1440 ? '' : 's'}`
    : minutes % 60 === 0
      ? `${minutes / 60} hour${minutes === 60 ? '' : 's'}`
      : `${minutes} minutes`;

function capReached(times: readonly number[], limits: readonly ReplyLimit[], now: number): ReplyLimit | null {
  for (const limit of limits) {
    const since = now - limit.windowMinutes * 60_000;
    if (times.filter((t) => t > since).length >= limit.max) return limit;
  }
  return null;
}

/** The rules, in the order they are asked; the first that refuses names the reason. */
export const loopRules: readonly LoopRule[] = [
  {
    name: 'automatic-mail',
    refuse: (f) => {
      const kinds = [
        f.flags.isBounce && 'a bounce',
        f.flags.isAutoreply && !f.flags.isBounce && 'an automatic reply',
        f.flags.isBulk && 'bulk or mailing-list mail',
      ].filter(Boolean);
      if (kinds.length === 0) return null;
      const why = f.signals.length > 0 ? ` (${f.signals.join(', ')})` : '';
      return `the mail is ${kinds.join(' and ')}${why}`;
    },
  },
  { name: 'no-recipient', refuse: (f) => (f.recipient ? null : 'the mail has no sender address to answer') },
  {
    name: 'no-from-address',
    refuse: (f) =>
      f.from
        ? null
        : 'the helpdesk keeps no subscription mailbox and the settings name no default from address',
  },
  {
    name: 'no-reply-address',
    refuse: (f) =>
      unattended.test(f.recipient?.split('@')[0] ?? '') ? `${f.recipient} is an address nobody reads` : null,
  },
  {
    name: 'watched-mailbox',
    refuse: (f) =>
      f.recipient && (f.watchedMailboxes.has(f.recipient) || f.recipient === f.from)
        ? `${f.recipient} is a mailbox ms-inbox watches; answering it could start a loop`
        : null,
  },
  {
    name: 'sender-limit',
    refuse: (f) => {
      const limit = capReached(f.senderReplyTimes, f.limits.perSender, f.now);
      return limit
        ? `${limit.max} auto-repl${limit.max === 1 ? 'y' : 'ies'} per ${window(limit.windowMinutes)} already went to ${f.recipient}`
        : null;
    },
  },
  {
    name: 'helpdesk-limit',
    refuse: (f) => {
      const limit = capReached(f.helpdeskReplyTimes, f.limits.perHelpdesk, f.now);
      return limit
        ? `${limit.max} auto-repl${limit.max === 1 ? 'y' : 'ies'} per ${window(limit.windowMinutes)} already went out for this helpdesk`
        : null;
    },
  },
];

/** What the rules decided. */
type ReplyVerdict = { send: true } | { send: false; reason: SuppressionReason; detail: string };

/** Asks each rule in turn; the first refusal wins. */
export function judgeReply(facts: ReplyFacts, rules: readonly LoopRule[] = loopRules): ReplyVerdict {
  for (const rule of rules) {
    const detail = rule.refuse(facts);
    if (detail !== null) return { send: false, reason: rule.name, detail };
  }
  return { send: true };
}
