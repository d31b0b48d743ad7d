import type { AppConfig } from '../config/index.js';
import { HandlerEndpointDuplicate } from '../errors/index.js';
import { createHelpdeskStore, type AutoReplyScheduler, type HelpdeskStore } from '../helpdesk/index.js';
import type { Clock, Logger } from '../shared/index.js';
import type { Store } from '../store/index.js';
import type { HandlerDirectory, MailHandler } from './contract.js';
import { createDefaultEndpoint } from './default-endpoint.js';
import { normalizeEndpointPath, type Endpoint, type EndpointFunction } from './endpoint.js';
import { createHandlerSession } from './handler-app.js';
import { decide } from './handler-result.js';
import type { HandlerModule } from './load-handler-modules.js';

/** What the TypeScript handler directory is built from. */
export interface SeedHandlerDirectoryOptions {
  store: Pick<Store, 'db' | 'transaction'>;
  /** Documents go under `<dataDir>/documents/`. */
  dataDir: string;
  config: AppConfig;
  log: Logger;
  /** Loaded handler modules; their endpoints replace the built-in ones with the same path. */
  modules?: readonly HandlerModule[];
  /** Serve the seed's default example at `/inbox/` and `/inbox/recover/` (default true). */
  defaultEndpoints?: boolean;
  clock?: Clock;
  /** The helpdesk store to hand to handlers; made from `store` and `dataDir` when absent. */
  helpdesk?: HelpdeskStore;
  /** Auto-replies (`createAutoReplies`), enqueued when a unit of work is applied; none without it. */
  autoReplies?: AutoReplyScheduler;
}

/** The TypeScript handlers as a contract `HandlerDirectory`, plus the helpdesk store they share. */
export interface SeedHandlerDirectory extends HandlerDirectory {
  readonly helpdesk: HelpdeskStore;
  /** Every served path and the module that serves it (`built-in` for the defaults). */
  routes(): Array<{ path: string; source: string }>;
}

interface Route {
  source: string;
  notification: EndpointFunction;
  recovery: EndpointFunction;
}

const builtIn = 'built-in';

/**
 * Adapts seed-style endpoints to the pipeline's contract: each call gets its own `app`; the return value and
 * the committed units of work become the `HandlerDecision` (see `decide`).
 */
export function createSeedHandlerDirectory(options: SeedHandlerDirectoryOptions): SeedHandlerDirectory {
  const helpdesk =
    options.helpdesk ??
    createHelpdeskStore({
      store: options.store,
      dataDir: options.dataDir,
      ...(options.clock ? { clock: options.clock } : {}),
      ...(options.autoReplies ? { autoReplies: options.autoReplies } : {}),
    });
  const routes = buildRoutes(
    options.defaultEndpoints === false ? [] : [createDefaultEndpoint()],
    options.modules ?? [],
  );
  const handlers = new Map(
    [...routes].map(([path, route]) => [path, toMailHandler(path, route, helpdesk, options)]),
  );
  return {
    helpdesk,
    resolve: (target) =>
      target.startsWith('/') ? (handlers.get(normalizeEndpointPath(target)) ?? null) : null,
    knownTargets: () => [...handlers.keys()],
    routes: () => [...routes].map(([path, route]) => ({ path, source: route.source })),
  };
}

function routesOf(endpoint: Endpoint, source: string): Array<[string, Route]> {
  const main: [string, Route] = [
    endpoint.path,
    { source, notification: endpoint.notification, recovery: endpoint.recovery },
  ];
  if (endpoint.recoveryPath === null) return [main];
  return [
    main,
    [endpoint.recoveryPath, { source, notification: endpoint.recovery, recovery: endpoint.recovery }],
  ];
}

function buildRoutes(defaults: Endpoint[], modules: readonly HandlerModule[]): Map<string, Route> {
  const routes = new Map(defaults.flatMap((e) => routesOf(e, builtIn)));
  const duplicates = new Map<string, string[]>();
  for (const module of modules) {
    for (const [path, route] of module.endpoints.flatMap((e) => routesOf(e, module.source))) {
      const existing = routes.get(path);
      if (existing && existing.source !== builtIn) {
        duplicates.set(path, [...(duplicates.get(path) ?? [existing.source]), route.source]);
      }
      routes.set(path, route);
    }
  }
  const [first] = duplicates;
  if (first) throw HandlerEndpointDuplicate.create({ path: first[0], sources: first[1] });
  return routes;
}

function toMailHandler(
  path: string,
  route: Route,
  helpdesk: HelpdeskStore,
  options: SeedHandlerDirectoryOptions,
): MailHandler {
  return async (call) => {
    const log = options.log.child({ endpoint: path, kind: call.kind, ledgerId: call.email.ledgerId });
    const session = createHandlerSession({ helpdesk, config: options.config, log, call });
    const run = call.kind === 'recovery' ? route.recovery : route.notification;
    // A throw propagates: the pipeline marks the mail Failed (the seed's "raise the exception again").
    const returned = await run(session.app, call.email);
    return decide(returned, session, log);
  };
}
