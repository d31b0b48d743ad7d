import { describe, expect, it } from 'vitest';
import { defaultLimits } from './auto-reply-settings.js';
import { judgeReply, loopRules, type ReplyFacts } from './loop-defence.js';

const now = Date.parse('2026-03-03T12:00:00Z');
const minutesAgo = (m: number) => now - m * 60_000;

function facts(overrides: Partial<ReplyFacts> = {}): ReplyFacts {
  return {
    flags: { isAutoreply: false, isBounce: false, isBulk: false },
    signals: [],
    recipient: 'anna@example.org',
    from: 'support@contoso.com',
    watchedMailboxes: new Set(['support@contoso.com', 'sales@contoso.com']),
    senderReplyTimes: [],
    helpdeskReplyTimes: [],
    limits: defaultLimits,
    now,
    ...overrides,
  };
}

const reasonOf = (f: ReplyFacts) => {
  const verdict = judgeReply(f);
  return verdict.send ? null : verdict.reason;
};

describe('loop defence', () => {
  it('lets an ordinary first reply go', () => {
    expect(judgeReply(facts())).toEqual({ send: true });
  });

  it('never answers auto-replies, bounces or bulk mail, naming the signals', () => {
    for (const flag of ['isAutoreply', 'isBounce', 'isBulk'] as const) {
      const verdict = judgeReply(
        facts({
          flags: { isAutoreply: false, isBounce: false, isBulk: false, [flag]: true },
          signals: ['X'],
        }),
      );
      expect(verdict).toMatchObject({ send: false, reason: 'automatic-mail' });
      expect(verdict.send === false && verdict.detail).toContain('(X)');
    }
  });

  it.each([
    'noreply@example.org',
    'no-reply@example.org',
    'No_Reply+billing@example.org',
    'do-not-reply@example.org',
    'donotreply@example.org',
    'MAILER-DAEMON@mx.example.org',
    'postmaster@example.org',
  ])('never answers %s', (recipient) => {
    expect(reasonOf(facts({ recipient: recipient.toLowerCase() }))).toBe('no-reply-address');
  });

  it('answers addresses that merely contain such words', () => {
    expect(reasonOf(facts({ recipient: 'replyguy@example.org' }))).toBeNull();
    expect(reasonOf(facts({ recipient: 'postmasters-union@example.org' }))).toBeNull();
  });

  it('never answers a mailbox ms-inbox watches, nor the sending mailbox itself', () => {
    expect(reasonOf(facts({ recipient: 'sales@contoso.com' }))).toBe('watched-mailbox');
    expect(reasonOf(facts({ recipient: 'support@contoso.com', watchedMailboxes: new Set() }))).toBe(
      'watched-mailbox',
    );
  });

  it('refuses without a recipient or a from address', () => {
    expect(reasonOf(facts({ recipient: null }))).toBe('no-recipient');
    expect(reasonOf(facts({ from: null }))).toBe('no-from-address');
  });

  it('caps replies per sender in several windows', () => {
    expect(reasonOf(facts({ senderReplyTimes: [minutesAgo(5)] }))).toBe('sender-limit');
    expect(reasonOf(facts({ senderReplyTimes: [minutesAgo(11)] }))).toBeNull();
    const hourly = [15, 20, 25, 30, 35].map(minutesAgo);
    expect(judgeReply(facts({ senderReplyTimes: hourly }))).toMatchObject({
      reason: 'sender-limit',
      detail: '5 auto-replies per 1 hour already went to anna@example.org',
    });
    const daily = Array.from({ length: 10 }, (_, i) => minutesAgo(70 + i * 100));
    expect(judgeReply(facts({ senderReplyTimes: daily }))).toMatchObject({
      detail: expect.stringContaining('per 1 day'),
    });
  });

  it('caps replies per helpdesk', () => {
    expect(reasonOf(facts({ helpdeskReplyTimes: [minutesAgo(1)] }))).toBe('helpdesk-limit');
    expect(reasonOf(facts({ helpdeskReplyTimes: [minutesAgo(100), minutesAgo(200), minutesAgo(300)] }))).toBe(
      'helpdesk-limit',
    );
  });

  it('a cap of 0 means never', () => {
    const limits = { perSender: [{ windowMinutes: 60, max: 0 }], perHelpdesk: [] };
    expect(reasonOf(facts({ limits }))).toBe('sender-limit');
  });

  it('asks the rules in order, so the most telling reason is recorded', () => {
    const all = facts({
      flags: { isAutoreply: true, isBounce: false, isBulk: false },
      recipient: 'sales@contoso.com',
      senderReplyTimes: [minutesAgo(1)],
    });
    expect(reasonOf(all)).toBe('automatic-mail');
    expect(
      judgeReply(
        all,
        loopRules.filter((r) => r.name !== 'automatic-mail'),
      ),
    ).toMatchObject({
      reason: 'watched-mailbox',
    });
  });
});
