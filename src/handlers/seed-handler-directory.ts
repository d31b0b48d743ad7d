import type { AppConfig } from '../config/index.js';
import { HandlerEndpointDuplicate } from '../errors/index.js';
import type { Logger } from '../shared/index.js';
import type { HandlerDirectory, MailHandler } from './contract.js';
import { normalizeEndpointPath, type Endpoint, type EndpointFunction } from './endpoint.js';
import { createHandlerSession, type EndpointApp, type EndpointPlugin } from './handler-app.js';
import { decide } from './handler-result.js';
import type { HandlerModule } from './load-handler-modules.js';

/** What the TypeScript handler directory is built from. */
interface SeedHandlerDirectoryOptions<App extends EndpointApp = EndpointApp> {
  config: AppConfig;
  log: Logger;
  /** Loaded handler modules; their endpoints replace the plug-in's with the same path. */
  modules?: readonly HandlerModule[];
  /** Gives each call its `app` and provides the default endpoints (the helpdesk: `/inbox/`). */
  plugin: EndpointPlugin<App>;
  /** Serve the plug-in's endpoints (default true). */
  defaultEndpoints?: boolean;
}

/** The TypeScript handlers as a contract `HandlerDirectory`. */
export interface SeedHandlerDirectory extends HandlerDirectory {
  /** Every served path and the module that serves it (`built-in` for the plug-in's). */
  routes(): Array<{ path: string; source: string }>;
}

interface Route<App> {
  source: string;
  notification: EndpointFunction<App>;
  recovery: EndpointFunction<App>;
}

const builtIn = 'built-in';

/**
 * Adapts seed-style endpoints to the pipeline's contract: each call gets its own `app` (from the plug-in); the
 * return value and the committed units of work become the `HandlerDecision` (see `decide`).
 */
export function createSeedHandlerDirectory<App extends EndpointApp = EndpointApp>(
  options: SeedHandlerDirectoryOptions<App>,
): SeedHandlerDirectory {
  const defaults = options.defaultEndpoints === false ? [] : options.plugin.endpoints;
  const routes = buildRoutes<App>(defaults, options.modules ?? []);
  const handlers = new Map([...routes].map(([path, route]) => [path, toMailHandler(path, route, options)]));
  return {
    resolve: (target) =>
      target.startsWith('/') ? (handlers.get(normalizeEndpointPath(target)) ?? null) : null,
    knownTargets: () => [...handlers.keys()],
    routes: () => [...routes].map(([path, route]) => ({ path, source: route.source })),
  };
}

function routesOf<App>(endpoint: Endpoint<App>, source: string): Array<[string, Route<App>]> {
  const main: [string, Route<App>] = [
    endpoint.path,
    { source, notification: endpoint.notification, recovery: endpoint.recovery },
  ];
  if (endpoint.recoveryPath === null) return [main];
  return [
    main,
    [endpoint.recoveryPath, { source, notification: endpoint.recovery, recovery: endpoint.recovery }],
  ];
}

function buildRoutes<App>(
  defaults: readonly Endpoint<App>[],
  modules: readonly HandlerModule[],
): Map<string, Route<App>> {
  const routes = new Map(defaults.flatMap((e) => routesOf(e, builtIn)));
  const duplicates = new Map<string, string[]>();
  for (const module of modules) {
    // A module is plain JavaScript at run time: its functions are trusted to take the plug-in's app.
    const endpoints = module.endpoints as readonly Endpoint<App>[];
    for (const [path, route] of endpoints.flatMap((e) => routesOf(e, module.source))) {
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

function toMailHandler<App extends EndpointApp>(
  path: string,
  route: Route<App>,
  options: SeedHandlerDirectoryOptions<App>,
): MailHandler {
  return async (call) => {
    const log = options.log.child({ endpoint: path, kind: call.kind, ledgerId: call.email.ledgerId });
    const session = createHandlerSession({ plugin: options.plugin, config: options.config, log, call });
    const run = call.kind === 'recovery' ? route.recovery : route.notification;
    // A throw propagates: the pipeline marks the mail Failed (the seed's "raise the exception again").
    const returned = await run(session.app, call.email);
    return decide(returned, session, log);
  };
}
