import { describe, expect, it } from 'vitest';
import { judgeSecretExpiry } from './secret-expiry.js';

const now = new Date('2026-11-26T12:00:00Z');
const inDays = (days: number) => new Date(now.getTime() + days * 86_400_000 + 3_600_000).toISOString();

describe('secret expiry', () => {
  it('is fine with more than 30 days left', () => {
    expect(judgeSecretExpiry(inDays(90), now)).toMatchObject({ level: 'ok', daysLeft: 90, threshold: null });
  });

  it('warns once each threshold of 30, 14, 7 and 1 days is crossed', () => {
    expect(judgeSecretExpiry(inDays(29), now)).toMatchObject({ level: 'warning', threshold: 30 });
    expect(judgeSecretExpiry(inDays(13), now)).toMatchObject({ level: 'warning', threshold: 14 });
    expect(judgeSecretExpiry(inDays(6), now)).toMatchObject({ level: 'warning', threshold: 7 });
    expect(judgeSecretExpiry(inDays(0), now)).toMatchObject({ level: 'warning', threshold: 1, daysLeft: 0 });
    expect(judgeSecretExpiry(inDays(6), now).message).toContain('expires in 6 days');
  });

  it('reports an expired secret as an error that stops sign-in', () => {
    const judged = judgeSecretExpiry('2026-11-01T00:00:00Z', now);
    expect(judged.level).toBe('expired');
    expect(judged.message).toContain('expired on 2026-11-01');
  });
});
