import { HandlerEndpointInvalid } from '../errors/index.js';
import type { EmailData } from './contract.js';
import type { EndpointApp } from './handler-app.js';

/**
 * A handler function, the seed's `post(self, app, email_data)`: return `false` to skip the mail (it stays
 * in the Inbox), anything else to mark it Processed (a committed unit of work is saved with it), or throw to
 * mark it Failed.
 */
export type EndpointFunction<App = EndpointApp> = (app: App, emailData: EmailData) => unknown;

/** What a handler module declares: the seed's Notification and Recovery resources in one. */
export interface EndpointDefinition<App = EndpointApp> {
  /** The webhook path resources name, such as `/inbox/`. */
  path: string;
  notification: EndpointFunction<App>;
  /** Answers recovery calls; defaults to `notification`, as in every seed example. */
  recovery?: EndpointFunction<App>;
  /** Where the recovery function also answers; defaults to `<path>recover/` (the seed's `/inbox/recover/`), null for none. */
  recoveryPath?: string | null;
}

/** A checked endpoint; `App` is the `app` its functions take (a plug-in's, such as the helpdesk's). */
export interface Endpoint<App = EndpointApp> {
  readonly path: string;
  readonly recoveryPath: string | null;
  readonly notification: EndpointFunction<App>;
  readonly recovery: EndpointFunction<App>;
}

/** An endpoint whatever `app` it takes, as loaded from a handler module. */
export type AnyEndpoint = Endpoint<never>;

const pathPattern = /^\/[A-Za-z0-9._~!$&'()*+,;=:@%/-]*$/;

/** A path as endpoints are keyed: with a trailing slash, so `/inbox` and `/inbox/` name the same endpoint. */
export function normalizeEndpointPath(path: string): string {
  return path.endsWith('/') ? path : `${path}/`;
}

/** True for a value shaped like an endpoint definition (what handler modules export). */
export function isEndpointDefinition(value: unknown): value is EndpointDefinition<never> {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Record<string, unknown>;
  return typeof candidate.path === 'string' && typeof candidate.notification === 'function';
}

/** Checks and freezes an endpoint, e.g. `export default defineEndpoint({ path: '/inbox/', notification })`. */
export function defineEndpoint<App = EndpointApp>(
  definition: EndpointDefinition<App>,
  source = 'defineEndpoint',
): Endpoint<App> {
  const problem = problemOf(definition);
  if (problem) throw HandlerEndpointInvalid.create({ source, problem });
  const path = normalizeEndpointPath(definition.path);
  const recoveryPath =
    definition.recoveryPath === null
      ? null
      : normalizeEndpointPath(definition.recoveryPath ?? `${path}recover/`);
  return Object.freeze({
    path,
    recoveryPath,
    notification: definition.notification,
    recovery: definition.recovery ?? definition.notification,
  });
}

function problemOf<App>(definition: EndpointDefinition<App>): string | null {
  if (!isEndpointDefinition(definition)) return 'it needs a string `path` and a `notification` function';
  if (!pathPattern.test(definition.path)) return `path "${definition.path}" must start with / (like /inbox/)`;
  if (definition.recovery !== undefined && typeof definition.recovery !== 'function') {
    return '`recovery` must be a function';
  }
  const recoveryPath = definition.recoveryPath;
  if (recoveryPath !== undefined && recoveryPath !== null && !pathPattern.test(recoveryPath)) {
    return `recoveryPath "${recoveryPath}" must start with / (like /inbox/recover/)`;
  }
  return null;
}
