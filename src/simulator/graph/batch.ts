import type { GraphResponse, GraphRoute, RouteContext } from './context.js';
import { badBody, graphErrorBody } from './errors.js';
import { json } from './message-lookup.js';

interface BatchItem {
  id: string;
  method: string;
  url: string;
  headers: Record<string, string>;
  body: unknown;
  dependsOn: string[];
}

const maxRequests = 20;
// Outlook runs at most 4 requests of a batch at once, so a batch cannot beat the mailbox limits (json-batching.md).
const maxConcurrent = 4;

function readItems(body: unknown): BatchItem[] {
  const requests = (body as { requests?: unknown } | undefined)?.requests;
  if (!Array.isArray(requests) || requests.length === 0) throw badBody('Invalid batch payload format.');
  if (requests.length > maxRequests) {
    throw badBody(
      `Invalid batch payload format. The number of requests exceeds the limit of ${maxRequests}.`,
    );
  }
  const items = requests.map((raw): BatchItem => {
    const r = raw as Record<string, unknown>;
    if (
      typeof r.id !== 'string' ||
      r.id === '' ||
      typeof r.method !== 'string' ||
      typeof r.url !== 'string'
    ) {
      throw badBody('Invalid batch payload format.');
    }
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries((r.headers as Record<string, unknown> | undefined) ?? {})) {
      headers[k.toLowerCase()] = String(v);
    }
    const dependsOn = Array.isArray(r.dependsOn) ? r.dependsOn.map(String) : [];
    return { id: r.id, method: r.method.toUpperCase(), url: r.url, headers, body: r.body, dependsOn };
  });
  const ids = new Set<string>();
  for (const item of items) {
    // Ids are case-insensitive; a duplicate fails the whole batch with 400.
    const key = item.id.toLowerCase();
    if (ids.has(key)) throw badBody(`Batch request contains duplicate request id '${item.id}'.`);
    ids.add(key);
  }
  for (const item of items) {
    for (const dep of item.dependsOn) {
      if (!ids.has(dep.toLowerCase()))
        throw badBody(`Request '${item.id}' depends on unknown request '${dep}'.`);
    }
  }
  return items;
}

function itemBody(response: GraphResponse): unknown {
  // Non-JSON bodies (MIME, attachment bytes) come back base64-encoded inside the batch response.
  if (Buffer.isBuffer(response.body)) return response.body.toString('base64');
  return response.body;
}

async function runItem(ctx: RouteContext, item: BatchItem): Promise<GraphResponse> {
  if (/^https?:/i.test(item.url) || /^\/?\$batch/i.test(item.url)) {
    return {
      status: 400,
      body: graphErrorBody(
        {
          code: 'BadRequest',
          message: 'Batch requests must use URLs relative to the version, without nested $batch.',
        },
        { requestId: ctx.requestId, nowMs: ctx.core.clock.nowMs() },
      ),
    };
  }
  const url = new URL(item.url.replace(/^\//, ''), `${ctx.request.origin}/v1.0/`);
  const body =
    typeof item.body === 'string' && (item.headers['content-type'] ?? '').includes('json')
      ? JSON.parse(item.body)
      : item.body;
  return ctx.dispatch({
    method: item.method,
    path: url.pathname.replace(/^\/v1\.0\/?/, ''),
    query: url.searchParams,
    headers: {
      ...item.headers,
      authorization: ctx.request.headers.authorization,
      'client-request-id': item.headers['client-request-id'] ?? ctx.request.headers['client-request-id'],
    },
    body,
    origin: ctx.request.origin,
    batchRequestId: ctx.requestId,
  });
}

async function batch(ctx: RouteContext) {
  const items = readItems(ctx.request.body);
  ctx.noteBatchSize(items.length);
  const results = new Map<string, Promise<GraphResponse>>();
  const finished: Array<{ item: BatchItem; response: GraphResponse }> = [];
  let running = 0;
  const waiting: Array<() => void> = [];
  const acquire = async (): Promise<void> => {
    if (running < maxConcurrent) {
      running += 1;
      return;
    }
    await new Promise<void>((resolve) => waiting.push(resolve));
  };
  const release = (): void => {
    const next = waiting.shift();
    if (next) next();
    else running -= 1;
  };

  for (const item of items) {
    results.set(
      item.id.toLowerCase(),
      (async () => {
        const deps = await Promise.all(item.dependsOn.map((d) => results.get(d.toLowerCase())));
        let response: GraphResponse;
        if (deps.some((d) => !d || d.status < 200 || d.status >= 300)) {
          // json-batching.md: when a dependency fails, its dependents get 424 Failed Dependency.
          response = {
            status: 424,
            body: graphErrorBody(
              {
                code: 'FailedDependency',
                message: 'The request could not be run because a request it depends on failed.',
              },
              { requestId: ctx.requestId, nowMs: ctx.core.clock.nowMs() },
            ),
          };
        } else {
          await acquire();
          try {
            response = await runItem(ctx, item);
          } finally {
            release();
          }
        }
        finished.push({ item, response });
        return response;
      })(),
    );
  }
  await Promise.all(results.values());
  // Responses may come back in any order (json-batching.md); shuffle with the seeded stream so clients can't rely on it.
  for (let i = finished.length - 1; i > 0; i--) {
    const j = ctx.core.random.int(i + 1);
    [finished[i], finished[j]] = [
      finished[j] as (typeof finished)[number],
      finished[i] as (typeof finished)[number],
    ];
  }
  return json(200, {
    responses: finished.map(({ item, response }) => ({
      id: item.id,
      status: response.status,
      headers: response.headers ?? {},
      ...(response.body === undefined ? {} : { body: itemBody(response) }),
    })),
  });
}

/** `POST /$batch`: up to 20 requests, `dependsOn`, per-request status. */
export const batchRoutes: GraphRoute[] = [
  { method: 'POST', pattern: '$batch', operation: 'batch', permission: 'authenticated', handler: batch },
];
