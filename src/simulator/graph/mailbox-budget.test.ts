import { describe, expect, it } from 'vitest';
import { getToken, graphClient, sales, startSimulator, support } from '../test-support/helpers.js';
import { createMailboxBudget } from './mailbox-budget.js';

describe('the request budget per app and mailbox', () => {
  it('admits so many requests per sliding window and names the wait until the oldest leaves it', () => {
    let now = 0;
    const budget = createMailboxBudget({ requests: 3, windowMs: 10_000 }, () => now);
    expect([budget.admit('a'), budget.admit('a')]).toEqual([{ ok: true }, { ok: true }]);
    now = 4_000;
    expect(budget.admit('a')).toEqual({ ok: true });
    expect(budget.admit('a')).toEqual({ ok: false, retryAfterSeconds: 6 });
    expect(budget.admit('b')).toEqual({ ok: true });
    now = 10_000;
    // The two requests of time 0 left the window; the refused one never counted.
    expect([budget.admit('a'), budget.admit('a'), budget.admit('a')]).toEqual([
      { ok: true },
      { ok: true },
      { ok: false, retryAfterSeconds: 4 },
    ]);
  });

  it('keeps counting right over more requests than it keeps times for at once', () => {
    let now = 0;
    const budget = createMailboxBudget({ requests: 1_000, windowMs: 1_000 }, () => now);
    let admitted = 0;
    for (let i = 0; i < 5_000; i += 1) {
      now = i;
      if (budget.admit('a').ok) admitted += 1;
    }
    expect(admitted).toBe(5_000);
    now = 5_000;
    for (let i = 0; i < 10; i += 1) budget.admit('a');
    expect(budget.admit('a').ok).toBe(false);
  });

  it('answers 429 ApplicationThrottled over HTTP once a mailbox spent its budget, and only for that mailbox', async () => {
    const { sim, url } = await startSimulator({
      settings: { mailboxRequestBudget: { requests: 3, windowMs: 60_000 } },
    });
    try {
      const graph = graphClient(url, await getToken(url));
      const inbox = (address: string) => graph('GET', `users/${address}/mailFolders/inbox/messages?$top=1`);
      const statuses = [];
      for (let i = 0; i < 4; i += 1) statuses.push((await inbox(support)).status);
      expect(statuses).toEqual([200, 200, 200, 429]);
      const throttled = await inbox(support);
      expect(throttled.body.error.code).toBe('ApplicationThrottled');
      expect(Number(throttled.headers.get('retry-after'))).toBeGreaterThan(0);
      expect((await inbox(sales)).status).toBe(200);
      // `$batch` items count one by one, like single requests.
      const batch = await graph('POST', '$batch', {
        requests: [{ id: '1', method: 'GET', url: `/users/${sales}/mailFolders/inbox/messages?$top=1` }],
      });
      expect(batch.body.responses[0].status).toBe(200);
      sim.control.advanceTime(60_000);
      expect((await inbox(support)).status).toBe(200);
      const log = sim.control.requestLog({ kind: 'graph', mailbox: support });
      expect(log.filter((e) => e.status === 429).map((e) => e.errorCode)).toEqual([
        'ApplicationThrottled',
        'ApplicationThrottled',
      ]);
    } finally {
      await sim.close();
    }
  });
});
