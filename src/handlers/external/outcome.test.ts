import { describe, expect, it } from 'vitest';
import { isAppError } from '../../errors/index.js';
import type { PostResult } from './https-post.js';
import { decideOutcome, excerptOf, parseRetryAfterMs } from './outcome.js';

const now = new Date('2026-03-01T12:00:00Z');
const context = {
  safeUrl: 'https://hooks.example/mail',
  timeoutMs: 1000,
  secrets: ['s3cret'],
  caConfigured: false,
  now,
};
const response = (status: number, body = '', headers: Record<string, string> = {}): PostResult => ({
  kind: 'response',
  status,
  headers,
  body: Buffer.from(body),
  bodyTruncated: false,
});

function errorOf(result: PostResult) {
  try {
    decideOutcome(result, context);
  } catch (error) {
    if (isAppError(error)) return error;
    throw error;
  }
  throw new Error('expected a throw');
}

describe('decideOutcome', () => {
  it('a 2xx JSON answer is processed with the answer as result', () => {
    expect(decideOutcome(response(200, '{"ticket":"abc123"}'), context)).toEqual({
      status: 'processed',
      result: { ticket: 'abc123' },
    });
  });

  it('an empty or non-JSON 2xx answer is processed with a null result', () => {
    expect(decideOutcome(response(204), context)).toEqual({ status: 'processed', result: null });
    expect(decideOutcome(response(200, 'OK'), context)).toEqual({ status: 'processed', result: null });
  });

  it('false or {"skipped": true} skips the mail, keeping a reason when given', () => {
    expect(decideOutcome(response(200, 'false'), context)).toEqual({ status: 'skipped' });
    expect(decideOutcome(response(200, '{"skipped":true,"reason":"auto-reply"}'), context)).toEqual({
      status: 'skipped',
      reason: 'auto-reply',
    });
    expect(decideOutcome(response(200, '{"skipped":false}'), context).status).toBe('processed');
  });

  it('a redirect fails at once and says redirects are not followed', () => {
    const error = errorOf(response(301, '', { location: 'https://hooks.example/new?token=x' }));
    expect(error.retryable).toBe(false);
    expect(error.message).toContain('redirects to https://hooks.example/new are not followed');
    expect(error.message).not.toContain('token=x');
  });

  it('408 and 429 are retryable, other 4xx are not', () => {
    expect(errorOf(response(408)).retryable).toBe(true);
    expect(errorOf(response(429)).retryable).toBe(true);
    expect(errorOf(response(404)).retryable).toBe(false);
    expect(errorOf(response(422)).retryable).toBe(false);
  });

  it('a 503 with Retry-After carries the delay', () => {
    const error = errorOf(response(503, 'maintenance', { 'retry-after': '120' }));
    expect(error.code).toBe('MSI_EXTERNAL_HANDLER_UNAVAILABLE');
    expect(error.params).toMatchObject({ status: 503, retryAfterMs: 120_000 });
  });

  it('no answer at all is retryable, whatever the reason', () => {
    for (const result of [
      { kind: 'timeout' },
      { kind: 'aborted' },
      { kind: 'network', code: 'ECONNREFUSED' },
      { kind: 'tls', code: 'DEPTH_ZERO_SELF_SIGNED_CERT' },
    ] as const) {
      expect(errorOf(result).retryable).toBe(true);
    }
  });

  it('TLS errors explain what to configure', () => {
    expect(errorOf({ kind: 'tls', code: 'SELF_SIGNED_CERT_IN_CHAIN' }).message).toContain(
      'recovery.path_to_verify_cert',
    );
    expect(errorOf({ kind: 'tls', code: 'CERT_HAS_EXPIRED' }).message).toContain('validity period');
    expect(errorOf({ kind: 'tls', code: 'ERR_TLS_CERT_ALTNAME_INVALID' }).message).toContain(
      'does not name this host',
    );
  });
});

describe('excerptOf', () => {
  it('keeps at most 500 characters on one line', () => {
    const excerpt = excerptOf(Buffer.from(`line one\n\n${'x'.repeat(2000)}`), []);
    expect(excerpt.startsWith('line one x')).toBe(true);
    expect(excerpt.length).toBe(501);
  });

  it('blanks out any secret a receiver echoes, wherever it stands', () => {
    expect(excerptOf(Buffer.from('bad signature, expected s3cret'), ['s3cret'])).toBe(
      'bad signature, expected [redacted]',
    );
    const afterWhitespace = `${' '.repeat(5000)}${'y'.repeat(497)}s3cret`;
    expect(excerptOf(Buffer.from(afterWhitespace), ['s3cret'])).not.toContain('s3c');
  });

  it('drops what may be the start of a secret where the body was cut at the read limit', () => {
    expect(excerptOf(Buffer.from('denied for s3c'), ['s3cret'], true)).toBe('denied f');
  });
});

describe('parseRetryAfterMs', () => {
  it('reads seconds and HTTP dates, and ignores nonsense', () => {
    expect(parseRetryAfterMs('30', now)).toBe(30_000);
    expect(parseRetryAfterMs('Sun, 01 Mar 2026 12:01:00 GMT', now)).toBe(60_000);
    expect(parseRetryAfterMs('Sun, 01 Mar 2026 11:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfterMs('soon', now)).toBeNull();
    expect(parseRetryAfterMs(undefined, now)).toBeNull();
  });
});
