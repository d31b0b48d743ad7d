import { Readable } from 'node:stream';
import type { Logger } from '../shared/index.js';
import { isRetryableStatus, mapGraphFailure, type GraphErrorBody } from './graph-error-mapper.js';
import { tenantWideKey, type MailboxLimiter } from './mailbox-limiter.js';
import type { GraphRequestStats } from './request-stats.js';
import { backoffDelayMs, parseRetryAfterMs, type RetryPolicy } from './retry-policy.js';
import type { TokenProvider } from './token-provider.js';

/** One Graph call as the operations describe it. */
export interface GraphRequest {
  /** Name used in stats, logs and errors, e.g. `messages.get`. */
  operation: string;
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  /** Path below the versioned root (`/users/…`), or an absolute `@odata.nextLink`/`deltaLink`. */
  path: string;
  /** Mailbox the call is charged to (Graph limits per app and mailbox); null for tenant-wide calls. */
  mailbox: string | null;
  query?: Record<string, string>;
  json?: unknown;
  text?: { body: string; contentType: string };
  headers?: Record<string, string>;
  /** How to read a successful answer (default json). */
  expect?: 'json' | 'text' | 'stream' | 'none';
  /** Operations counted for throttling purposes (items of a `$batch`). */
  items?: number;
  /** Mailbox concurrency the request takes (a `$batch` runs up to 4 of its requests at once; default 1). */
  slots?: number;
}

/** A successful answer. */
export interface GraphResponse<T> {
  status: number;
  body: T;
  headers: Headers;
}

/** Sends Graph requests for one client, with tokens, throttling limits and retries. */
export interface GraphHttp {
  send<T = unknown>(request: GraphRequest): Promise<GraphResponse<T>>;
}

/** Everything the transport needs; all injected so tests run against the simulator. */
interface GraphHttpDeps {
  baseUrl: string;
  tokens: TokenProvider;
  limiter: MailboxLimiter;
  stats: GraphRequestStats;
  retry: RetryPolicy;
  log: Logger;
  attemptTimeoutMs?: number;
  fetch?: typeof fetch;
  random?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

const sleepFor = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function readErrorBody(response: Response): Promise<GraphErrorBody | null> {
  try {
    return (await response.json()) as GraphErrorBody;
  } catch {
    return null;
  }
}

/** Creates the Graph transport: immutable ids on every call, ≤ N in flight per mailbox, Retry-After honoured. */
export function createGraphHttp(deps: GraphHttpDeps): GraphHttp {
  const doFetch = deps.fetch ?? fetch;
  const sleep = deps.sleep ?? sleepFor;
  const timeoutMs = deps.attemptTimeoutMs ?? 30_000;
  const base = deps.baseUrl.replace(/\/$/, '');

  const urlOf = (request: GraphRequest): string => {
    const url = new URL(/^https?:\/\//.test(request.path) ? request.path : `${base}${request.path}`);
    for (const [key, value] of Object.entries(request.query ?? {})) url.searchParams.set(key, value);
    return url.toString();
  };

  const attempt = async (request: GraphRequest, forceToken: boolean) => {
    const { token } = await deps.tokens.getToken({ forceRefresh: forceToken });
    const { prefer, ...extraHeaders } = request.headers ?? {};
    const headers: Record<string, string> = {
      ...extraHeaders,
      authorization: `Bearer ${token}`,
      // Without it a moved message gets a new id (graph-protocol §F.4, DESIGN §9).
      prefer: ['IdType="ImmutableId"', prefer].filter(Boolean).join(', '),
    };
    let body: string | undefined;
    if (request.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(request.json);
    } else if (request.text) {
      headers['content-type'] = request.text.contentType;
      body = request.text.body;
    }
    try {
      return await doFetch(urlOf(request), {
        method: request.method,
        headers,
        body,
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      deps.log.debug({ operation: request.operation, err: error }, 'graph request got no answer');
      return null;
    }
  };

  const readSuccess = async <T>(request: GraphRequest, response: Response): Promise<T> => {
    const kind = request.expect ?? 'json';
    if (kind === 'none' || response.status === 204) {
      await response.body?.cancel();
      return undefined as T;
    }
    if (kind === 'text') return (await response.text()) as T;
    if (kind === 'stream') return Readable.fromWeb(response.body as never) as T;
    return (await response.json()) as T;
  };

  return {
    async send<T>(request: GraphRequest): Promise<GraphResponse<T>> {
      const mailboxKey = request.mailbox ?? tenantWideKey;
      let refreshedToken = false;
      for (let attemptNo = 1; ; attemptNo += 1) {
        const outcome = await deps.limiter.run(
          mailboxKey,
          async () => {
            const response = await attempt(request, refreshedToken && attemptNo > 1);
            const status = response?.status ?? 0;
            deps.stats.record({ operation: request.operation, status, items: request.items ?? 1 });
            if (response && response.ok) {
              return {
                ok: true as const,
                value: { status, headers: response.headers, body: await readSuccess<T>(request, response) },
              };
            }
            const errorBody = response ? await readErrorBody(response) : null;
            const requestId = response?.headers.get('request-id') ?? null;
            const retryAfterMs = parseRetryAfterMs(response?.headers.get('retry-after'), new Date());
            return { ok: false as const, status, errorBody, requestId, retryAfterMs };
          },
          request.slots,
        );
        if (outcome.ok) return outcome.value;

        const { status, errorBody, requestId, retryAfterMs } = outcome;
        if (status === 401 && !refreshedToken) {
          refreshedToken = true;
          continue;
        }
        if (isRetryableStatus(status) && attemptNo < deps.retry.maxAttempts) {
          const waitMs = Math.min(
            deps.retry.maxDelayMs,
            retryAfterMs ?? backoffDelayMs(attemptNo, deps.retry, deps.random),
          );
          if (status === 429) deps.stats.recordThrottleWait(waitMs);
          deps.log.debug({ operation: request.operation, status, waitMs, requestId }, 'graph asked to retry');
          await sleep(waitMs);
          continue;
        }
        const error = mapGraphFailure({
          operation: request.operation,
          mailbox: request.mailbox,
          status,
          body: errorBody,
          requestId,
          retryAfterMs: retryAfterMs ?? undefined,
        });
        deps.log.warn(
          { operation: request.operation, mailbox: request.mailbox, status, code: error.code, requestId },
          'graph request failed',
        );
        throw error;
      }
    },
  };
}
