import type { AppConfig, ClientConfig } from '../config/index.js';
import {
  createGraphClient,
  createGraphRequestStats,
  type GraphClient,
  type GraphRequestStats,
  type MailboxLimiter,
} from '../graph/index.js';
import type { Logger } from '../shared/index.js';

/**
 * Builds one Graph client per configured client, sharing the request counters `stats`; `limiterFor` gives each
 * its per-mailbox limiter (default: in process memory).
 */
export function createGraphDirectory(
  config: AppConfig,
  log: Logger,
  stats: GraphRequestStats = createGraphRequestStats(),
  limiterFor?: (client: ClientConfig) => MailboxLimiter,
): (name: string) => GraphClient {
  const clients = new Map(
    config.clients.map((client) => [
      client.name,
      createGraphClient({
        client,
        log,
        customSelect: config.inbox.customSelect,
        simulatorUrl: config.server.simulatorUrl,
        stats,
        limiter: limiterFor?.(client),
      }),
    ]),
  );
  return (name) => {
    const client = clients.get(name);
    if (!client) throw new Error(`no Graph client "${name}"`);
    return client;
  };
}
