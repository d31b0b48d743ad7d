import type { AppConfig } from '../config/index.js';
import type {
  CommittedUnitOfWork,
  HelpdeskStore,
  ProcessEmailContext,
  UnitOfWork,
} from '../helpdesk/index.js';
import type { Logger } from '../shared/index.js';
import type { HandlerCall, HandlerResource } from './contract.js';

/**
 * The seed's `app` (LimeApplication) for one handler call: units of work, the helpdesk store, a logger and
 * the configuration, plus what the call is about.
 */
export interface HandlerApp extends ProcessEmailContext {
  /** A new unit of work. `uow.commit()` does not write: the pipeline applies it with the ledger update. */
  unitOfWork(): UnitOfWork;
  readonly helpdesk: HelpdeskStore;
  readonly log: Logger;
  readonly config: AppConfig;
  /** `notification` for a new mail, `recovery` when an admin recovers it. */
  readonly kind: HandlerCall['kind'];
  /** The watched mailbox the mail belongs to. */
  readonly resource: HandlerResource;
  /** Aborted when the handler's time is up; pass it to slow calls of your own. */
  readonly signal: AbortSignal;
}

/** An app and what the adapter needs to know afterwards: which units of work were made and committed. */
export interface HandlerSession {
  app: HandlerApp;
  /** Units of work committed during the call, in commit order. */
  committed(): CommittedUnitOfWork[];
  /** How many units of work have changes but were never committed (their changes are dropped). */
  abandoned(): number;
}

/** Builds the app of one call. */
export function createHandlerSession(deps: {
  helpdesk: HelpdeskStore;
  config: AppConfig;
  log: Logger;
  call: HandlerCall;
}): HandlerSession {
  const units: UnitOfWork[] = [];
  const committed: CommittedUnitOfWork[] = [];
  const app: HandlerApp = {
    unitOfWork() {
      // Every commit is collected, so a handler that commits but returns something else is still saved.
      const uow = deps.helpdesk.unitOfWork({ onCommit: (c) => committed.push(c) });
      units.push(uow);
      return uow;
    },
    helpdesk: deps.helpdesk,
    log: deps.log,
    config: deps.config,
    kind: deps.call.kind,
    resource: deps.call.resource,
    signal: deps.call.signal,
  };
  return {
    app,
    committed: () => [...committed],
    abandoned: () => units.filter((u) => !u.isCommitted && u.hasChanges).length,
  };
}
