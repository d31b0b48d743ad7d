import { randomUUID } from 'node:crypto';

let lastMs = 0;
let sequence = 0;

/**
 * A UUID version 7 (RFC 9562): 48 bits of Unix milliseconds, then a counter and random bits. Rows keyed by it are
 * appended at the end of their primary-key index instead of at a random page, which on SQLite keeps a busy
 * intake from rewriting (and checkpointing) pages all over the file (bench P1: random UUIDs cost about half of
 * intake's time). Unique and unguessable enough for row ids; ordered within a process.
 */
export function timeOrderedId(now = Date.now()): string {
  if (now > lastMs) {
    lastMs = now;
    sequence = Math.floor(Math.random() * 0x800);
  } else if (sequence < 0xfff) {
    sequence += 1;
  } else {
    // More than the counter holds within one millisecond (or the clock went back): borrow the next one.
    lastMs += 1;
    sequence = 0;
  }
  const time = lastMs.toString(16).padStart(12, '0');
  // The random tail (with its RFC variant) of a v4 UUID, which Node draws from a pooled buffer: fetching fresh
  // random bytes per id cost more than the rest of intake (profile of bench P1).
  const tail = randomUUID().slice(19);
  return `${time.slice(0, 8)}-${time.slice(8, 12)}-7${sequence.toString(16).padStart(3, '0')}-${tail}`;
}
