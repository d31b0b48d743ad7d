import { randomInt } from 'node:crypto';

const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** Length of a helpdesk number: six lowercase letters or digits, 36^6 ≈ 2.2 billion values. */
const helpdeskNumberLength = 6;

/** Draws a random helpdesk number such as `k3x9qa`; uniqueness is the store's job. */
export function drawHelpdeskNumber(random: (max: number) => number = randomInt): string {
  let number = '';
  for (let i = 0; i < helpdeskNumberLength; i++) number += alphabet[random(alphabet.length)];
  return number;
}

/** A `[number]` tag of a subject (any case: mail clients and people retype it), the number captured. */
const numberTag = new RegExp(`\\[([a-z0-9]{${helpdeskNumberLength}})\\]`, 'gi');

/** The `[number]` tags of a subject, lower-cased, in order of appearance, without repeats. */
export function helpdeskNumbersInSubject(subject: string): string[] {
  const found = [...subject.matchAll(numberTag)].map((m) => (m[1] ?? '').toLowerCase());
  return [...new Set(found)];
}

/** The subject with each `[number]` tag replaced by a space. */
export function withoutNumberTags(subject: string): string {
  return subject.replace(numberTag, ' ');
}
