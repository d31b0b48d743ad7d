import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signPayload, verifySignature } from './signature.js';

const body = '{"deliveryId":"d-1","email":{"subject":"Hello"}}';
const now = new Date('2026-03-01T12:00:00Z');

describe('signPayload and verifySignature', () => {
  it('a body signed with the secret verifies with the same secret', () => {
    const header = signPayload({ secrets: 'current-secret', body, now });
    expect(verifySignature({ secrets: 'current-secret', header, body, now })).toBe(true);
  });

  it('the header is t=<unix seconds>,v1=<HMAC-SHA256 hex of "<t>.<body>">', () => {
    const header = signPayload({ secrets: 'current-secret', body, now });
    const t = now.getTime() / 1000;
    const expected = createHmac('sha256', 'current-secret').update(`${t}.${body}`).digest('hex');
    expect(header).toBe(`t=${t},v1=${expected}`);
  });

  it('a tampered body does not verify', () => {
    const header = signPayload({ secrets: 'current-secret', body, now });
    expect(
      verifySignature({ secrets: 'current-secret', header, body: body.replace('Hello', 'Hullo'), now }),
    ).toBe(false);
  });

  it('a wrong secret does not verify', () => {
    const header = signPayload({ secrets: 'current-secret', body, now });
    expect(verifySignature({ secrets: 'another-secret', header, body, now })).toBe(false);
  });

  it('a signature older than the tolerance is refused, one within it is accepted', () => {
    const header = signPayload({ secrets: 's', body, now });
    const later = (seconds: number) => new Date(now.getTime() + seconds * 1000);
    expect(verifySignature({ secrets: 's', header, body, now: later(300) })).toBe(true);
    expect(verifySignature({ secrets: 's', header, body, now: later(301) })).toBe(false);
    expect(verifySignature({ secrets: 's', header, body, now: later(30), toleranceSec: 10 })).toBe(false);
  });

  it('a signature from the future beyond the tolerance is refused', () => {
    const header = signPayload({ secrets: 's', body, now: new Date(now.getTime() + 600_000) });
    expect(verifySignature({ secrets: 's', header, body, now })).toBe(false);
  });

  it('a changed timestamp does not verify, since the timestamp is signed too', () => {
    const header = signPayload({ secrets: 's', body, now });
    const shifted = header.replace(/^t=(\d+)/, (_, t: string) => `t=${Number(t) + 1}`);
    expect(verifySignature({ secrets: 's', header: shifted, body, now })).toBe(false);
  });

  it('during a rotation a receiver knowing only the previous secret still verifies', () => {
    const header = signPayload({ secrets: ['new-secret', 'old-secret'], body, now });
    expect(header.match(/v1=/g)).toHaveLength(2);
    expect(verifySignature({ secrets: 'old-secret', header, body, now })).toBe(true);
    expect(verifySignature({ secrets: 'new-secret', header, body, now })).toBe(true);
    expect(verifySignature({ secrets: ['unrelated'], header, body, now })).toBe(false);
  });

  it('a receiver may hold both secrets while it rolls over', () => {
    const header = signPayload({ secrets: 'new-secret', body, now });
    expect(verifySignature({ secrets: ['old-secret', 'new-secret'], header, body, now })).toBe(true);
  });

  it('Buffer and string bodies with the same bytes give the same signature', () => {
    const header = signPayload({ secrets: 's', body: Buffer.from(body), now });
    expect(verifySignature({ secrets: 's', header, body, now })).toBe(true);
  });

  it('missing, malformed or unknown-scheme headers do not verify', () => {
    for (const header of [
      undefined,
      null,
      '',
      'garbage',
      't=abc,v1=00',
      `v1=${'a'.repeat(64)}`,
      `t=1,v2=${'a'.repeat(64)}`,
    ]) {
      expect(verifySignature({ secrets: 's', header, body, now })).toBe(false);
    }
  });

  it('an empty secret never verifies anything', () => {
    const header = signPayload({ secrets: 's', body, now });
    expect(verifySignature({ secrets: '', header, body, now })).toBe(false);
    expect(() => signPayload({ secrets: [''], body, now })).toThrow(/non-empty secret/);
  });
});
