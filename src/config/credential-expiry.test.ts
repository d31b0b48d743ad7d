import { describe, expect, it } from 'vitest';
import { daysLeftUntil, judgeCredentialExpiry, secretExpiresAt } from './credential-expiry.js';

const now = new Date('2026-11-26T12:00:00Z');
const inDays = (days: number) => new Date(now.getTime() + days * 86_400_000 + 3_600_000);

describe('credential expiry', () => {
  it('is fine with more than 30 days left', () => {
    expect(judgeCredentialExpiry('secret', inDays(90), now)).toMatchObject({
      level: 'ok',
      daysLeft: 90,
      threshold: null,
    });
    expect(judgeCredentialExpiry('secret', inDays(31), now).level).toBe('ok');
  });

  it('warns once each threshold of 30, 14, 7 and 1 days is reached', () => {
    expect(judgeCredentialExpiry('secret', inDays(30), now)).toMatchObject({
      level: 'warning',
      threshold: 30,
    });
    expect(judgeCredentialExpiry('secret', inDays(29), now)).toMatchObject({
      level: 'warning',
      threshold: 30,
    });
    expect(judgeCredentialExpiry('secret', inDays(13), now)).toMatchObject({
      level: 'warning',
      threshold: 14,
    });
    expect(judgeCredentialExpiry('secret', inDays(6), now)).toMatchObject({ level: 'warning', threshold: 7 });
    expect(judgeCredentialExpiry('secret', inDays(1), now)).toMatchObject({ level: 'warning', threshold: 1 });
    expect(judgeCredentialExpiry('secret', inDays(0), now)).toMatchObject({
      level: 'warning',
      threshold: 1,
      daysLeft: 0,
    });
    expect(judgeCredentialExpiry('secret', inDays(6), now).message).toContain('in 6 days');
    expect(judgeCredentialExpiry('secret', inDays(0), now).message).toContain('in less than a day');
  });

  it('warns about a certificate at the same thresholds, naming the certificate', () => {
    const judged = judgeCredentialExpiry('certificate', inDays(13), now);
    expect(judged).toMatchObject({
      credential: 'certificate',
      level: 'warning',
      threshold: 14,
      daysLeft: 13,
    });
    expect(judged.message).toMatch(
      /^the certificate expires on 2026-12-09, in 13 days: upload a new certificate/,
    );
  });

  it('reports an expired credential as an error that stops sign-in', () => {
    const judged = judgeCredentialExpiry('secret', secretExpiresAt('2026-11-01'), now);
    expect(judged.level).toBe('expired');
    expect(judged.message).toContain('expired on 2026-11-01');
    expect(judgeCredentialExpiry('certificate', now, now).level).toBe('expired');
  });

  it('counts whole days left, rounded down, and a secret date as the start of that day in UTC', () => {
    // 17 days and 12 hours: 17, not 18.
    expect(daysLeftUntil(secretExpiresAt('2026-12-14'), now)).toBe(17);
    expect(judgeCredentialExpiry('secret', secretExpiresAt('2026-12-14'), now).daysLeft).toBe(17);
    expect(daysLeftUntil(new Date(now.getTime() + 86_399_999), now)).toBe(0);
    expect(daysLeftUntil(new Date(now.getTime() - 1), now)).toBe(-1);
    expect(secretExpiresAt('2026-12-14').toISOString()).toBe('2026-12-14T00:00:00.000Z');
  });
});
