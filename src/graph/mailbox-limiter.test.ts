import { describe, expect, it } from 'vitest';
import { createMailboxLimiter } from './mailbox-limiter.js';

const tick = () => new Promise((resolve) => setTimeout(resolve, 1));

describe('mailbox limiter', () => {
  it('keeps at most 4 requests in flight per mailbox and queues the rest instead of failing', async () => {
    const limiter = createMailboxLimiter({});
    let inFlight = 0;
    let highest = 0;
    const work = async () => {
      inFlight += 1;
      highest = Math.max(highest, inFlight);
      await tick();
      inFlight -= 1;
      return 'ok';
    };
    const results = await Promise.all(
      Array.from({ length: 50 }, () => limiter.run('support@contoso.com', work)),
    );
    expect(results).toHaveLength(50);
    expect(highest).toBe(4);
  });

  it('does not let one busy mailbox hold back another', async () => {
    const limiter = createMailboxLimiter({ maxConcurrent: 1 });
    let release!: () => void;
    const blocked = limiter.run('busy@contoso.com', () => new Promise<void>((r) => (release = r)));
    const other = await limiter.run('quiet@contoso.com', async () => 'done');
    expect(other).toBe('done');
    expect(limiter.snapshot()['busy@contoso.com']).toEqual({ inFlight: 1, waiting: 0 });
    release();
    await blocked;
  });

  it('waits for the request budget window instead of exceeding it', async () => {
    let clock = 0;
    const limiter = createMailboxLimiter({ budget: { requests: 2, windowMs: 30 }, now: () => clock });
    const started: number[] = [];
    const run = () => limiter.run('a@b.c', async () => started.push(clock));
    await run();
    await run();
    const third = run();
    await tick();
    expect(started).toHaveLength(2);
    clock = 31;
    await third;
    expect(started).toEqual([0, 0, 31]);
  });

  it('frees the slot when the work throws', async () => {
    const limiter = createMailboxLimiter({ maxConcurrent: 1 });
    await expect(limiter.run('a@b.c', async () => Promise.reject(new Error('x')))).rejects.toThrow('x');
    await expect(limiter.run('a@b.c', async () => 'next')).resolves.toBe('next');
  });
});
