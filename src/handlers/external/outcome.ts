import {
  ExternalHandlerRejected,
  ExternalHandlerTimeout,
  ExternalHandlerTlsFailed,
  ExternalHandlerUnavailable,
  ExternalHandlerUnreachable,
  type AppError,
} from '../../errors/index.js';
import type { HandlerDecision } from '../contract.js';
import type { PostResult } from './https-post.js';

/** What the outcome rules need to know about the call besides its result. */
interface OutcomeContext {
  /** The target as it may be shown: no credentials, no query string. */
  safeUrl: string;
  timeoutMs: number;
  /** Blanked out of any response text quoted in an error, in case a receiver echoes them. */
  secrets: readonly string[];
  caConfigured: boolean;
  now: Date;
}

const excerptLength = 500;

/**
 * At most ~500 characters of a response body, on one line, with every secret blanked out; `bodyCut` says the
 * body was cut at the read limit, where a secret's first characters could be left standing.
 */
export function excerptOf(body: Buffer, secrets: readonly string[], bodyCut = false): string {
  // The whole (size-capped) body is redacted before whitespace is collapsed and the text is shortened, so
  // neither step can bring part of a secret into the excerpt.
  let text = body.toString('utf8');
  for (const secret of secrets) if (secret) text = text.split(secret).join('[redacted]');
  if (bodyCut) text = text.slice(0, Math.max(0, text.length - Math.max(0, ...secrets.map((s) => s.length))));
  text = text.replace(/\s+/g, ' ').trim();
  return text.length > excerptLength ? `${text.slice(0, excerptLength)}…` : text;
}

/** Retry-After (delay in seconds, or an HTTP date) in milliseconds; null when absent or unreadable. */
export function parseRetryAfterMs(value: string | string[] | undefined, now: Date): number | null {
  const text = (Array.isArray(value) ? value[0] : value)?.trim();
  if (!text) return null;
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const date = Date.parse(text);
  return Number.isNaN(date) ? null : Math.max(0, date - now.getTime());
}

/** The receiver's answer as a decision: `false` or `{ "skipped": true }` skip, any other JSON is the result. */
function decideSuccess(body: Buffer, bodyTruncated: boolean): HandlerDecision {
  const text = body.toString('utf8').trim();
  if (bodyTruncated || text === '') return { status: 'processed', result: null };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    // The receiver did its work and said so with its status; a non-JSON body (`OK`) is just not a result.
    return { status: 'processed', result: null };
  }
  if (parsed === false) return { status: 'skipped' };
  if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) {
    const answer = parsed as { skipped?: unknown; reason?: unknown };
    if (answer.skipped === true) {
      return typeof answer.reason === 'string'
        ? { status: 'skipped', reason: answer.reason }
        : { status: 'skipped' };
    }
  }
  return { status: 'processed', result: parsed };
}

const untrustedHint = (caConfigured: boolean): string =>
  caConfigured
    ? "it was not issued by the configured CA file nor by a public CA; check that `recovery.path_to_verify_cert` (or the resource's CA file) names the CA that issued this certificate"
    : "it is self-signed or issued by a CA ms-inbox does not know; set `recovery.path_to_verify_cert` (or the resource's CA file) to the PEM file of that CA";

function tlsHint(code: string, context: OutcomeContext): string {
  if (code === 'CERT_HAS_EXPIRED' || code === 'CERT_NOT_YET_VALID') {
    return 'the certificate is outside its validity period; renew it on the receiver';
  }
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID' || code === 'HOSTNAME_MISMATCH') {
    return 'the certificate does not name this host; use the host name it was issued for';
  }
  if (code.startsWith('ERR_SSL_')) {
    return 'the TLS handshake failed; check that the receiver speaks https on this port';
  }
  return untrustedHint(context.caConfigured);
}

function rejectionHint(status: number, location: string | undefined): string {
  if (status >= 300 && status < 400) {
    const to = location ? ` to ${location.split('?')[0]}` : '';
    return `redirects${to} are not followed; point the target at the final URL`;
  }
  if (status === 401 || status === 403) return 'check that the receiver uses the current signing secret';
  return '';
}

function failureOf(result: Exclude<PostResult, { kind: 'response' }>, context: OutcomeContext): AppError {
  const url = context.safeUrl;
  switch (result.kind) {
    case 'timeout':
    case 'aborted':
      return ExternalHandlerTimeout.create({
        url,
        timeoutMs: context.timeoutMs,
        reason: result.kind === 'timeout' ? 'deadline' : 'aborted',
      });
    case 'tls':
      return ExternalHandlerTlsFailed.create({
        url,
        tlsCode: result.code,
        hint: tlsHint(result.code, context),
      });
    case 'network':
      return ExternalHandlerUnreachable.create({ url, networkCode: result.code });
    case 'refused':
      return result.error;
  }
}

/**
 * Turns the result of a POST into the handler's decision: 2xx decides; 3xx and 4xx other than 408/429
 * throw a non-retryable error (the mail fails at once); 5xx, 408, 429 and no answer throw a retryable one.
 */
export function decideOutcome(result: PostResult, context: OutcomeContext): HandlerDecision {
  if (result.kind !== 'response') throw failureOf(result, context);
  const { status, headers, body, bodyTruncated } = result;
  if (status >= 200 && status < 300) return decideSuccess(body, bodyTruncated);

  const url = context.safeUrl;
  const responseExcerpt = excerptOf(body, context.secrets, bodyTruncated);
  if (status >= 300 && status < 500 && status !== 408 && status !== 429) {
    throw ExternalHandlerRejected.create({
      url,
      status,
      hint: rejectionHint(status, headers.location),
      responseExcerpt,
    });
  }
  const retryAfterMs = parseRetryAfterMs(headers['retry-after'], context.now);
  throw ExternalHandlerUnavailable.create({ url, status, retryAfterMs, responseExcerpt });
}
