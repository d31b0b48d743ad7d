import type { GraphHttp, GraphRequest } from '../graph-http.js';
import { backoffDelayMs, parseRetryAfterMs, type RetryPolicy } from '../retry-policy.js';

/** One request inside a `$batch`. */
export interface BatchItem {
  id: string;
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  /** Relative URL without the version, e.g. `/users/a@b.c/messages/ID`. */
  url: string;
  body?: unknown;
  headers?: Record<string, string>;
  dependsOn?: string[];
}

/** The answer to one batched request. */
export interface BatchResult {
  id: string;
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

interface BatchAnswer {
  responses: BatchResult[];
}

/**
 * The `$batch` item of a request described for `GraphHttp.send`: its path with the query (values URL-encoded)
 * and its JSON body. Requests with a text body or a stream answer have no place in a batch.
 */
export function toBatchItem(request: GraphRequest): Omit<BatchItem, 'id'> {
  if (request.text !== undefined || request.expect === 'stream' || request.expect === 'text') {
    throw new TypeError(`${request.operation} cannot be sent inside $batch`);
  }
  const query = Object.entries(request.query ?? {})
    .map(([key, value]) => `${key}=${encodeURIComponent(value)}`)
    .join('&');
  return {
    method: request.method,
    url: query ? `${request.path}?${query}` : request.path,
    ...(request.json !== undefined ? { body: request.json } : {}),
    ...(request.headers ? { headers: request.headers } : {}),
  };
}

/** Graph accepts at most 20 requests per `$batch` (json-batching). */
export const maxBatchSize = 20;

const chunk = <T>(items: T[], size: number): T[][] =>
  Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, i * size + size));

/** JSON batching: chunks of ≤ 20, each item's 429/5xx retried on its own after Retry-After. */
export function createBatchOperations(
  http: GraphHttp,
  deps: { retry: RetryPolicy; sleep?: (ms: number) => Promise<void> },
) {
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));

  const sendOnce = async (items: BatchItem[], mailbox: string | null): Promise<BatchResult[]> => {
    const response = await http.send<BatchAnswer>({
      operation: 'batch',
      method: 'POST',
      path: '/$batch',
      mailbox,
      items: items.length,
      // Outlook runs four requests of a batch at once, each counted against the mailbox (json-batching.md).
      slots: Math.min(4, items.length),
      json: {
        requests: items.map((item) => ({
          ...item,
          headers: {
            ...(item.body !== undefined ? { 'content-type': 'application/json' } : {}),
            ...item.headers,
            prefer: 'IdType="ImmutableId"',
          },
        })),
      },
    });
    return response.body.responses;
  };

  return {
    /** Runs the requests and returns every answer by id; only retryable items are sent again. */
    async run(
      items: BatchItem[],
      /** `retryItems: false` returns throttled items as answered, for a caller that schedules retries itself. */
      options: { mailbox?: string | null; retryItems?: boolean } = {},
    ): Promise<Map<string, BatchResult>> {
      const maxAttempts = options.retryItems === false ? 1 : deps.retry.maxAttempts;
      const results = new Map<string, BatchResult>();
      for (const group of chunk(items, maxBatchSize)) {
        let pending = group;
        for (let attempt = 1; pending.length > 0; attempt += 1) {
          const answers = await sendOnce(pending, options.mailbox ?? null);
          const retry: BatchItem[] = [];
          let waitMs = 0;
          for (const answer of answers) {
            const retryable = answer.status === 429 || answer.status === 503 || answer.status === 504;
            if (retryable && attempt < maxAttempts) {
              const item = pending.find((p) => p.id === answer.id);
              if (item) retry.push(item);
              const retryAfter = parseRetryAfterMs(
                answer.headers?.['Retry-After'] ?? answer.headers?.['retry-after'],
                new Date(),
              );
              waitMs = Math.max(waitMs, retryAfter ?? backoffDelayMs(attempt, deps.retry));
            } else {
              results.set(answer.id, answer);
            }
          }
          if (retry.length > 0) await sleep(Math.min(waitMs, deps.retry.maxDelayMs));
          pending = retry;
        }
      }
      return results;
    },
  };
}

/** The batch operations' type. */
export type BatchOperations = ReturnType<typeof createBatchOperations>;
