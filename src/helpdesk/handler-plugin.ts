import {
  defineEndpoint as defineAnyEndpoint,
  type Endpoint,
  type EndpointApp,
  type EndpointDefinition,
  type EndpointPlugin,
} from '../handlers/index.js';
import { handleEmailMessage } from './default-endpoint.js';
import type { HelpdeskStore } from './helpdesk-store.js';
import type { HelpdeskContext } from './threading.js';
import type { UnitOfWork } from './unit-of-work-types.js';

/**
 * The seed's `app` (LimeApplication) for one handler call: the base app of every endpoint (logger,
 * configuration, what the call is about) plus units of work and the helpdesk store.
 */
export interface HandlerApp extends EndpointApp, HelpdeskContext {
  /** A new unit of work. `uow.commit()` does not write: the pipeline applies it with the ledger update. */
  unitOfWork(): UnitOfWork;
  readonly helpdesk: HelpdeskStore;
}

/** `defineEndpoint` for endpoints that use the helpdesk: their functions get a `HandlerApp`. */
export function defineEndpoint(
  definition: EndpointDefinition<HandlerApp>,
  source?: string,
): Endpoint<HandlerApp> {
  return defineAnyEndpoint(definition, source);
}

/** The endpoints ms-inbox serves before anyone writes code: `/inbox/` and `/inbox/recover/`. */
function createDefaultEndpoint(): Endpoint<HandlerApp> {
  return defineEndpoint({ path: '/inbox/', notification: handleEmailMessage, recovery: handleEmailMessage });
}

/**
 * The helpdesk as a handler plug-in: every TypeScript endpoint's `app` gets units of work over `helpdesk`,
 * and the seed's default logic answers `/inbox/` until a handler module defines that path.
 */
export function createHelpdeskPlugin(helpdesk: HelpdeskStore): EndpointPlugin<HandlerApp> {
  return {
    endpoints: [createDefaultEndpoint()],
    createApp: (base, units) => ({
      ...base,
      helpdesk,
      unitOfWork() {
        const uow = helpdesk.unitOfWork({ onCommit: (committed) => units.committed(committed) });
        units.opened(uow);
        return uow;
      },
    }),
  };
}
