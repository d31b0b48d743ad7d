import { readFileSync } from 'node:fs';
import type { AppConfig } from '../config/index.js';
import type { AutoReplyScheduler } from '../helpdesk/index.js';
import { createEgressGuard } from '../egress/index.js';
import type { Clock, Logger } from '../shared/index.js';
import type { Store } from '../store/index.js';
import type { HandlerDirectory, MailHandler } from './contract.js';
import { createExternalHandler } from './external/index.js';
import { loadHandlerModules } from './load-handler-modules.js';
import { createSeedHandlerDirectory, type SeedHandlerDirectory } from './seed-handler-directory.js';

/** Every handler a resource can name: endpoint paths (built-in and loaded modules) and external URLs. */
export interface HandlerDirectoryWithHelpdesk extends HandlerDirectory {
  readonly helpdesk: SeedHandlerDirectory['helpdesk'];
  routes(): Array<{ path: string; source: string }>;
}

const isUrl = (target: string) => /^https?:\/\//i.test(target);

/**
 * Builds the handler directory of a process: the seed-style endpoints (`/inbox/` and `/inbox/recover/` out of the
 * box, replaced or extended by modules in `server.handlers_dir`) and external `https://` handlers, signed with
 * `server.handler_secret` and trusting `recovery.path_to_verify_cert` as an extra CA.
 */
export async function createHandlerDirectory(deps: {
  store: Pick<Store, 'db' | 'transaction'>;
  config: AppConfig;
  log: Logger;
  clock?: Clock;
  /** Auto-replies (`createAutoReplies`); without them no auto-reply is ever enqueued. */
  autoReplies?: AutoReplyScheduler;
}): Promise<HandlerDirectoryWithHelpdesk> {
  const { config, log } = deps;
  const modules = config.server.handlersDir ? await loadHandlerModules(config.server.handlersDir) : [];
  const seed = createSeedHandlerDirectory({
    store: deps.store,
    dataDir: config.server.dataDir,
    config,
    log,
    modules,
    ...(deps.clock ? { clock: deps.clock } : {}),
    ...(deps.autoReplies ? { autoReplies: deps.autoReplies } : {}),
  });
  const caPath = config.inbox.recovery.pathToVerifyCert;
  const egress = createEgressGuard(config.server.egress);
  const external = new Map<string, MailHandler | null>();
  const externalFor = (url: string): MailHandler | null => {
    if (!external.has(url)) {
      const secret = config.server.handlerSecret?.reveal();
      if (!secret) {
        log.error(
          { url },
          'an external handler is named but server.handler_secret (MS_INBOX_HANDLER_SECRET) is not set',
        );
        external.set(url, null);
      } else {
        external.set(
          url,
          createExternalHandler({
            url,
            secrets: { current: secret, previous: config.server.handlerSecretPrevious?.reveal() ?? null },
            caPem: caPath ? readFileSync(caPath, 'utf8') : null,
            egress,
            log,
            ...(deps.clock ? { clock: deps.clock } : {}),
          }),
        );
      }
    }
    return external.get(url) ?? null;
  };
  return {
    helpdesk: seed.helpdesk,
    routes: () => seed.routes(),
    resolve: (target) => (isUrl(target) ? externalFor(target) : seed.resolve(target)),
    knownTargets: () => seed.knownTargets(),
  };
}
