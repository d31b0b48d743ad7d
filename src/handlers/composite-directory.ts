import { readFileSync } from 'node:fs';
import type { AppConfig } from '../config/index.js';
import { createEgressGuard } from '../egress/index.js';
import type { Clock, Logger } from '../shared/index.js';
import type { MailHandler } from './contract.js';
import { createExternalHandler } from './external/index.js';
import type { EndpointApp, EndpointPlugin } from './handler-app.js';
import { loadHandlerModules, type HandlerModule } from './load-handler-modules.js';
import { createSeedHandlerDirectory, type SeedHandlerDirectory } from './seed-handler-directory.js';

const isUrl = (target: string) => /^https?:\/\//i.test(target);

/**
 * Builds the handler directory of a process, every handler a resource can name: the plug-in's endpoints (the helpdesk's `/inbox/` and
 * `/inbox/recover/`), replaced or extended by modules in `server.handlers_dir`, and external `https://` handlers,
 * signed with `server.handler_secret` and trusting `recovery.path_to_verify_cert` as an extra CA.
 */
export async function createHandlerDirectory<App extends EndpointApp>(deps: {
  config: AppConfig;
  log: Logger;
  clock?: Clock;
  /** Gives TypeScript endpoints their `app` and serves the default endpoints (the helpdesk). */
  plugin: EndpointPlugin<App>;
  /** More handler modules, after those of `server.handlers_dir` (tests, embedding). */
  modules?: readonly HandlerModule[];
}): Promise<SeedHandlerDirectory> {
  const { config, log } = deps;
  const loaded = config.server.handlersDir ? await loadHandlerModules(config.server.handlersDir) : [];
  const seed = createSeedHandlerDirectory({
    config,
    log,
    modules: [...loaded, ...(deps.modules ?? [])],
    plugin: deps.plugin,
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
    routes: () => seed.routes(),
    resolve: (target) => (isUrl(target) ? externalFor(target) : seed.resolve(target)),
    knownTargets: () => seed.knownTargets(),
  };
}
