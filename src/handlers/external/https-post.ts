import http, { type IncomingHttpHeaders } from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';
import type { SecureContext } from 'node:tls';
import type { EgressGuard } from '../../egress/index.js';
import { EgressRefused, isAppError, type AppError } from '../../errors/index.js';

/** How one POST ended: an answer (any status), or the reason there was none. */
export type PostResult =
  | { kind: 'response'; status: number; headers: IncomingHttpHeaders; body: Buffer; bodyTruncated: boolean }
  | { kind: 'timeout' }
  | { kind: 'aborted' }
  | { kind: 'tls'; code: string }
  | { kind: 'network'; code: string }
  /** The egress guard refused the address the target resolved to (`MSI_EGRESS_REFUSED`). */
  | { kind: 'refused'; error: AppError };

/** Sends POST requests to one target over a keep-alive connection pool of its own. */
export interface HttpPoster {
  post(request: {
    body: Buffer;
    headers: Record<string, string>;
    timeoutMs: number;
    signal: AbortSignal;
    maxResponseBytes: number;
  }): Promise<PostResult>;
}

/**
 * Certificate verification failures reported by OpenSSL through Node (`err.code`); any of them means
 * the receiver's certificate chain did not check out against the trusted CAs or the host name.
 */
const tlsVerificationCodes = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_DECRYPT_CERT_SIGNATURE',
  'CERT_SIGNATURE_FAILURE',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
  'CERT_REVOKED',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'INVALID_CA',
  'PATH_LENGTH_EXCEEDED',
  'INVALID_PURPOSE',
  'HOSTNAME_MISMATCH',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

function classifyError(error: unknown): PostResult {
  if (isAppError(error) && EgressRefused.is(error)) return { kind: 'refused', error };
  const code = (error as { code?: unknown }).code;
  const text = typeof code === 'string' ? code : error instanceof Error ? error.message : 'unknown error';
  if (typeof code === 'string' && (tlsVerificationCodes.has(code) || code.startsWith('ERR_SSL_'))) {
    return { kind: 'tls', code };
  }
  return { kind: 'network', code: text };
}

/**
 * Creates the poster of one target URL (`https:`, or `http:` for loopback development targets). Every new
 * connection goes through the egress guard: a host name is resolved by the guard's `lookup` (refused when any
 * address is internal, so DNS rebinding is caught), an address literal is checked before each request.
 */
export function createHttpPoster(url: URL, trust: SecureContext | null, guard: EgressGuard): HttpPoster {
  const secure = url.protocol === 'https:';
  const lookup = guard.lookup;
  // One pool per target: sockets are reused between mails, and the custom trust applies to this target only.
  const agent = secure
    ? new https.Agent({ keepAlive: true, timeout: 5_000, lookup, ...(trust ? { secureContext: trust } : {}) })
    : new http.Agent({ keepAlive: true, timeout: 5_000, lookup });
  const send = secure ? https.request : http.request;
  const literal = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const checkLiteral = async (): Promise<PostResult | null> => {
    if (isIP(literal) === 0) return null;
    try {
      await guard.checkTarget(url);
      return null;
    } catch (error) {
      return classifyError(error);
    }
  };

  return {
    post: async (request) => (await checkLiteral()) ?? (await postOnce(request)),
  };

  function postOnce(request: Parameters<HttpPoster['post']>[0]): Promise<PostResult> {
    return new Promise<PostResult>((resolve) => {
      if (request.signal.aborted) return resolve({ kind: 'aborted' });
      let stoppedBy: 'timeout' | 'aborted' | null = null;
      let settled = false;
      const finish = (result: PostResult): void => {
        if (settled) return;
        settled = true;
        clearTimeout(deadline);
        request.signal.removeEventListener('abort', onAbort);
        resolve(result);
      };
      const req = send(url, {
        method: 'POST',
        agent,
        headers: { ...request.headers, 'content-length': String(request.body.length) },
      });
      const stop = (reason: 'timeout' | 'aborted'): void => {
        stoppedBy = reason;
        req.destroy();
        finish({ kind: reason });
      };
      const onAbort = (): void => stop('aborted');
      // One deadline for connect, TLS, upload and the whole answer: a receiver that trickles bytes still times out.
      const deadline = setTimeout(() => stop('timeout'), request.timeoutMs);
      request.signal.addEventListener('abort', onAbort, { once: true });

      req.on('error', (error) => finish(stoppedBy ? { kind: stoppedBy } : classifyError(error)));
      req.on('response', (res) => {
        const chunks: Buffer[] = [];
        let length = 0;
        let bodyTruncated = false;
        const done = (): void =>
          finish({
            kind: 'response',
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks),
            bodyTruncated,
          });
        res.on('data', (chunk: Buffer) => {
          if (bodyTruncated) return;
          const room = request.maxResponseBytes - length;
          if (chunk.length > room) {
            chunks.push(chunk.subarray(0, room));
            bodyTruncated = true;
            // The status is already known; the rest of an oversized answer is not worth waiting for.
            res.destroy();
            done();
            return;
          }
          chunks.push(chunk);
          length += chunk.length;
        });
        res.on('end', done);
        res.on('error', (error) => finish(stoppedBy ? { kind: stoppedBy } : classifyError(error)));
        // A connection that drops mid-answer closes the response without 'end'.
        res.on('close', () => {
          if (!res.complete && !bodyTruncated) finish({ kind: 'network', code: 'ECONNRESET' });
        });
      });
      req.end(request.body);
    });
  }
}
