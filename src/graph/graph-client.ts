import type { ClientConfig } from '../config/index.js';
import type { Logger } from '../shared/index.js';
import { createGraphBatcher, defaultBatchWindows, type BatchWindows } from './graph-batcher.js';
import { createGraphHttp, type GraphHttp } from './graph-http.js';
import { createMailboxLimiter, type MailboxLimiter } from './mailbox-limiter.js';
import { createBatchOperations } from './operations/batch.js';
import { createBatchedMessageOperations } from './operations/batched-messages.js';
import { createDeltaOperations } from './operations/delta.js';
import { createMessageOperations } from './operations/messages.js';
import { createSubscriptionOperations } from './operations/subscriptions.js';
import { createGraphRequestStats, type GraphRequestStats } from './request-stats.js';
import { defaultRetryPolicy, type RetryPolicy } from './retry-policy.js';
import { createTokenProvider, type TokenProvider } from './token-provider.js';

/** Options of one client's Graph access; only `client` and `log` are required. */
interface GraphClientOptions {
  client: ClientConfig;
  log: Logger;
  customSelect?: readonly string[];
  /** Routes token and Graph traffic to a simulator (`MS_INBOX_SIMULATOR_URL`). */
  simulatorUrl?: string | null;
  stats?: GraphRequestStats;
  limiter?: MailboxLimiter;
  retry?: Partial<RetryPolicy>;
  attemptTimeoutMs?: number;
  random?: () => number;
  /** How long the pipeline's reads and disposals wait to share a `$batch` (see `defaultBatchWindows`). */
  batchWindows?: Partial<BatchWindows>;
}

/** Everything ms-inbox does in Graph for one client (one app registration). */
export function createGraphClient(options: GraphClientOptions) {
  const { client, log } = options;
  const simulatorUrl = options.simulatorUrl?.replace(/\/$/, '') ?? null;
  const retry: RetryPolicy = { ...defaultRetryPolicy, ...options.retry };
  const stats = options.stats ?? createGraphRequestStats();
  const tokens: TokenProvider = createTokenProvider({
    client,
    endpoint: { authorityHost: client.authorityHost, simulatorUrl },
    log,
  });
  const http: GraphHttp = createGraphHttp({
    baseUrl: `${simulatorUrl ?? client.graphEndpoint.replace(/\/$/, '')}/v1.0`,
    tokens,
    limiter: options.limiter ?? createMailboxLimiter({}),
    stats,
    retry,
    log: log.child({ client: client.name }),
    attemptTimeoutMs: options.attemptTimeoutMs,
    random: options.random,
  });
  const batch = createBatchOperations(http, { retry });
  const customSelect = options.customSelect ?? [];
  return {
    name: client.name,
    tokens,
    http,
    stats,
    subscriptions: createSubscriptionOperations(http),
    messages: createMessageOperations(http, { customSelect }),
    /** The pipeline's fetch and disposal, gathered into `$batch` requests per mailbox. */
    batched: createBatchedMessageOperations(
      createGraphBatcher({ batch, retry, windows: { ...defaultBatchWindows, ...options.batchWindows } }),
      { customSelect },
    ),
    delta: createDeltaOperations(http),
    batch,
  };
}

/** One client's Graph access. */
export type GraphClient = ReturnType<typeof createGraphClient>;
