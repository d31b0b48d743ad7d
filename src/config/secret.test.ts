import { inspect } from 'node:util';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../shared/index.js';
import { Secret } from './secret.js';

const value = 'Abc8Q~xyzT3v9LmN0pQrStUvWx.Yz12345_67-ab';

describe('Secret', () => {
  it('gives its value only through reveal()', () => {
    expect(new Secret(value).reveal()).toBe(value);
  });

  it('prints as [redacted] in strings, JSON and inspect', () => {
    const secret = new Secret(value);
    expect(String(secret)).toBe('[redacted]');
    expect(`${secret}`).toBe('[redacted]');
    expect(JSON.stringify({ clientSecret: secret })).toBe('{"clientSecret":"[redacted]"}');
    expect(inspect({ nested: { secret } })).not.toContain(value);
  });

  it('does not reach a log line even under a key the logger does not redact', async () => {
    const lines: string[] = [];
    const destination = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    createLogger({ destination }).info({ client: { credential: new Secret(value) } }, 'signing in');
    await new Promise((resolve) => setImmediate(resolve));
    expect(lines.join('')).toContain('[redacted]');
    expect(lines.join('')).not.toContain(value);
  });
});
