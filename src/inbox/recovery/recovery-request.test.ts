import { describe, expect, it } from 'vitest';
import { parseIsoDate, recoveryRequestProblems } from './recovery-request.js';

const now = new Date('2026-12-03T12:00:00.000Z');

describe('recovery requests', () => {
  it('takes ISO-8601 dates and date-times up to now', () => {
    for (const since of [
      '2026-11-20',
      '2026-12-03T11:59:59Z',
      '2026-12-03T12:00:00.000Z',
      '2026-12-03T13:00+02:00',
    ]) {
      expect(recoveryRequestProblems({ type: 'failed', since }, now), since).toEqual([]);
    }
    expect(parseIsoDate('2026-11-20')?.toISOString()).toBe('2026-11-20T00:00:00.000Z');
  });

  it('refuses a since in the future, naming the field and both times', () => {
    const problems = recoveryRequestProblems({ type: 'unprocessed', since: '2026-12-03T12:00:01Z' }, now);
    expect(problems).toEqual([
      'since: 2026-12-03T12:00:01.000Z is in the future (now is 2026-12-03T12:00:00.000Z); no mail has arrived since then',
    ]);
  });

  it('refuses what Date.parse would stretch into a date', () => {
    for (const since of ['7', 'March 7', '2026-02-30', '2026-13-01', '2026-11-20T24:00', 'yesterday', '']) {
      expect(parseIsoDate(since), since).toBeNull();
      expect(recoveryRequestProblems({ type: 'failed', since }, now)[0], since).toMatch(/^since: /);
    }
  });
});
