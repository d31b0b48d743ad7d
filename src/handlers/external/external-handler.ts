import { readFileSync } from 'node:fs';
import type { SecureContext } from 'node:tls';
import { createEgressGuard, strictEgress, type EgressGuard } from '../../egress/index.js';
import { ExternalHandlerConfigInvalid, ExternalHandlerTimeout, isAppError } from '../../errors/index.js';
import { packagePath, systemClock, type Clock, type Logger } from '../../shared/index.js';
import type { MailHandler } from '../contract.js';
import { createHttpPoster } from './https-post.js';
import { decideOutcome } from './outcome.js';
import { buildRequestBody, type ExternalRequestBody } from './request-body.js';
import { signatureHeaderName, signPayload } from './signature.js';
import { createTrustContext } from './trust.js';

/** How to reach and sign for one external handler. */
export interface ExternalHandlerOptions {
  /** `https://` URL; `http://` only for 127.0.0.1, ::1 and localhost (development). */
  url: string;
  /** The resource's signing secrets; `previous` stays live during a rotation. */
  secrets: { current: string; previous?: string | null };
  /** PEM text of an extra CA to trust (`recovery.path_to_verify_cert` or the resource's CA file). */
  caPem?: string | null;
  /** Whole-call deadline: connect, upload and the complete answer (default 30 s). */
  timeoutMs?: number;
  /** Largest answer body read (default 1 MiB); a longer 2xx answer is Processed with a null result. */
  maxBodyBytes?: number;
  /** Largest attachment sent inline as base64 (default 3 MiB). */
  attachmentInlineLimitBytes?: number;
  /** Inline attachment bytes per mail, all attachments together (default 10 MiB). */
  attachmentsInlineTotalBytes?: number;
  /** Defaults to `ms-inbox/<package version>`. */
  userAgent?: string;
  /** What the target may resolve to (default: no loopback, link-local or private address). */
  egress?: EgressGuard;
  clock?: Clock;
  log: Logger;
}

const mebibyte = 1024 * 1024;
const loopbackHosts = new Set(['127.0.0.1', '[::1]', 'localhost']);

/** `ms-inbox/<version>` from package.json, read when a handler is created. */
function defaultUserAgent(): string {
  try {
    const manifest = JSON.parse(readFileSync(packagePath('package.json'), 'utf8')) as {
      version?: unknown;
    };
    return typeof manifest.version === 'string' ? `ms-inbox/${manifest.version}` : 'ms-inbox';
  } catch {
    return 'ms-inbox';
  }
}

/** The target as it may appear in logs and errors: without credentials or query string, which may hold tokens. */
function safeUrlOf(url: URL): string {
  return `${url.protocol}//${url.host}${url.pathname}`;
}

function parseTarget(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw ExternalHandlerConfigInvalid.create({ url: raw.split('?')[0] ?? '', problem: 'not a valid URL' });
  }
  const invalid = (problem: string) => ExternalHandlerConfigInvalid.create({ url: safeUrlOf(url), problem });
  if (url.protocol === 'http:' && !loopbackHosts.has(url.hostname)) {
    throw invalid(
      'plain http:// is allowed only for 127.0.0.1, ::1 and localhost (development); use https:// so the mail travels encrypted',
    );
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw invalid('the URL must start with https://');
  return url;
}

function trustFor(url: URL, caPem: string | null | undefined): SecureContext | null {
  if (url.protocol !== 'https:' || !caPem) return null;
  const trust = createTrustContext(caPem);
  if ('problem' in trust)
    throw ExternalHandlerConfigInvalid.create({ url: safeUrlOf(url), problem: trust.problem });
  return trust.context;
}

/**
 * Creates the handler that POSTs each mail, signed, to an external URL and turns the answer into a decision;
 * throws `MSI_EXTERNAL_HANDLER_CONFIG_INVALID` at once for an unusable URL, secret or CA.
 */
export function createExternalHandler(options: ExternalHandlerOptions): MailHandler {
  const url = parseTarget(options.url);
  const safeUrl = safeUrlOf(url);
  const current = options.secrets.current;
  if (typeof current !== 'string' || current.length === 0) {
    throw ExternalHandlerConfigInvalid.create({ url: safeUrl, problem: 'no signing secret is configured' });
  }
  const previous = options.secrets.previous;
  // Current first: receivers that check only the first `v1` keep working after the rotation ends.
  const secrets = previous && previous !== current ? [current, previous] : [current];
  const poster = createHttpPoster(
    url,
    trustFor(url, options.caPem),
    options.egress ?? createEgressGuard(strictEgress),
  );
  const timeoutMs = options.timeoutMs ?? 30_000;
  const maxResponseBytes = options.maxBodyBytes ?? mebibyte;
  const limits = {
    eachBytes: options.attachmentInlineLimitBytes ?? 3 * mebibyte,
    totalBytes: options.attachmentsInlineTotalBytes ?? 10 * mebibyte,
  };
  const userAgent = options.userAgent ?? defaultUserAgent();
  const clock = options.clock ?? systemClock;
  const caConfigured = Boolean(options.caPem);
  const log = options.log.child({ externalHandler: safeUrl });

  return async (call) => {
    let payload: ExternalRequestBody;
    try {
      payload = await buildRequestBody(call, limits);
    } catch (error) {
      // Reading attachments was cut short by the pipeline; other failures (Graph) keep their own codes.
      if (call.signal.aborted && !isAppError(error)) {
        throw ExternalHandlerTimeout.create({ url: safeUrl, timeoutMs, reason: 'aborted' }, { cause: error });
      }
      throw error;
    }
    const body = Buffer.from(JSON.stringify(payload), 'utf8');
    const now = clock.now();
    const fields = {
      deliveryId: payload.deliveryId,
      attempt: payload.attempt,
      kind: call.kind,
      resourceId: call.resource.id,
      requestBytes: body.length,
    };
    const startedMs = Date.now();
    const result = await poster.post({
      body,
      timeoutMs,
      signal: call.signal,
      maxResponseBytes,
      headers: {
        'content-type': 'application/json; charset=utf-8',
        accept: 'application/json',
        'user-agent': userAgent,
        [signatureHeaderName]: signPayload({ secrets, body, now }),
        'ms-inbox-delivery': payload.deliveryId,
        'ms-inbox-attempt': String(payload.attempt),
      },
    });
    const answered = {
      ...fields,
      durationMs: Date.now() - startedMs,
      status: result.kind === 'response' ? result.status : null,
    };
    if (result.kind === 'response' && result.bodyTruncated) {
      log.warn(
        { ...answered, maxResponseBytes },
        'external handler answer is too long; its result is ignored',
      );
    }
    try {
      const decision = decideOutcome(result, { safeUrl, timeoutMs, secrets, caConfigured, now: clock.now() });
      log.info({ ...answered, decision: decision.status }, 'external handler answered');
      return decision;
    } catch (error) {
      if (isAppError(error))
        log.warn({ ...answered, code: error.code, retryable: error.retryable }, error.message);
      throw error;
    }
  };
}
