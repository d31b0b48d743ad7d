import type { Simulator } from '../../../src/simulator/index.js';

/** True when the full reliability suites run (`npm run test:reliability`); the reduced ones run in `npm test`. */
export const reliabilityFull = process.env.MS_INBOX_RELIABILITY_FULL === '1';

/** A small seeded generator (mulberry32), so a failing run can be replayed with the seed it printed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The seed of this run: `MS_INBOX_RELIABILITY_SEED`, else random (printed by the suites). */
export function runSeed(): number {
  const fromEnv = Number(process.env.MS_INBOX_RELIABILITY_SEED);
  return Number.isInteger(fromEnv) && fromEnv > 0 ? fromEnv : Math.floor(Math.random() * 2 ** 31) + 1;
}

/** Resolves after `ms`. */
export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** A plain customer mail whose subject identifies it. */
export function customerMail(subject: string, extra: Record<string, unknown> = {}) {
  return {
    subject,
    body: { contentType: 'text' as const, content: `Hello, this is ${subject}. The printer is on fire.` },
    from: { emailAddress: { address: 'customer@example.com', name: 'A Customer' } },
    ...extra,
  };
}

/**
 * Delivers `count` mails to `address` at about `perSecond` (scheduled against the start, so slow deliveries do
 * not lower the rate); returns the subjects in order, and the delivery moment of each (ms since the epoch).
 */
export async function deliverStream(
  sim: Simulator,
  address: string,
  input: { count: number; perSecond: number; prefix: string; onDelivered?: (i: number) => void },
): Promise<{ subjects: string[]; deliveredAtMs: number[] }> {
  const subjects: string[] = [];
  const deliveredAtMs: number[] = [];
  const started = Date.now();
  for (let i = 0; i < input.count; i += 1) {
    const due = started + (i * 1000) / input.perSecond;
    const wait = due - Date.now();
    if (wait > 0) await sleep(wait);
    const subject = `${input.prefix} ${i}`;
    subjects.push(subject);
    deliveredAtMs.push(Date.now());
    await sim.control.deliver(address, customerMail(subject));
    input.onDelivered?.(i);
  }
  return { subjects, deliveredAtMs };
}
