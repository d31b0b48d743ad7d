import type { AppConfig } from '../config/index.js';
import type { Logger } from '../shared/index.js';
import type { HandlerCall, HandlerResource } from './contract.js';
import type { Endpoint } from './endpoint.js';
import type { CommittedUnitOfWork, OpenUnitOfWork } from './unit-of-work.js';

/** What the `app` of every endpoint call has (the seed's LimeApplication, less what a plug-in adds). */
export interface EndpointApp {
  readonly log: Logger;
  readonly config: AppConfig;
  /** `notification` for a new mail, `recovery` when an admin recovers it. */
  readonly kind: HandlerCall['kind'];
  /** The watched mailbox the mail belongs to. */
  readonly resource: HandlerResource;
  /** Aborted when the handler's time is up; pass it to slow calls of your own. */
  readonly signal: AbortSignal;
}

/** Hears of the units of work an app opens and commits during one call, so that none is lost. */
interface UnitOfWorkTracker {
  opened(unit: OpenUnitOfWork): void;
  committed(unit: CommittedUnitOfWork): void;
}

/**
 * A plug-in that serves TypeScript endpoints (the built-in helpdesk is one): the endpoints it provides before
 * anyone writes code, and the `app` each call gets — the base app plus what the plug-in adds.
 */
export interface EndpointPlugin<App extends EndpointApp = EndpointApp> {
  /** Served unless a handler module defines the same path (the helpdesk's `/inbox/`). */
  readonly endpoints: readonly Endpoint<App>[];
  /** The app of one call; `units` must hear of every unit of work it opens and commits. */
  createApp(base: EndpointApp, units: UnitOfWorkTracker): App;
}

/** An app and what the adapter needs to know afterwards: which units of work were made and committed. */
interface HandlerSession<App extends EndpointApp> {
  app: App;
  /** Units of work committed during the call, in commit order. */
  committed(): CommittedUnitOfWork[];
  /** How many units of work have changes but were never committed (their changes are dropped). */
  abandoned(): number;
}

/** Builds the app of one call: the base app, extended by the plug-in. */
export function createHandlerSession<App extends EndpointApp>(deps: {
  plugin: EndpointPlugin<App>;
  config: AppConfig;
  log: Logger;
  call: HandlerCall;
}): HandlerSession<App> {
  const opened: OpenUnitOfWork[] = [];
  const committed: CommittedUnitOfWork[] = [];
  const base: EndpointApp = {
    log: deps.log,
    config: deps.config,
    kind: deps.call.kind,
    resource: deps.call.resource,
    signal: deps.call.signal,
  };
  // Every commit is collected, so a handler that commits but returns something else is still saved.
  const units: UnitOfWorkTracker = {
    opened: (unit) => opened.push(unit),
    committed: (unit) => committed.push(unit),
  };
  return {
    app: deps.plugin.createApp(base, units),
    committed: () => [...committed],
    abandoned: () => opened.filter((u) => !u.isCommitted && u.hasChanges).length,
  };
}
