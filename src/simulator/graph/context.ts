import type { SimulatorCore } from '../core.js';
import type { AccessTokenClaims } from '../entra/access-token.js';
import type { Mailbox } from '../tenant/mailbox.js';
import type { AppRegistration, Tenant } from '../tenant/state.js';
import type { Preferences } from './prefer.js';

/** A Graph request, from HTTP or from inside a `$batch`. */
export interface GraphRequest {
  method: string;
  /** Path after `/v1.0/`, without the query string, still percent-encoded. */
  path: string;
  query: URLSearchParams;
  /** Lower-cased header names. */
  headers: Record<string, string | undefined>;
  /** Parsed JSON, text or bytes, per Content-Type. */
  body: unknown;
  /** Origin that absolute links (nextLink, @odata.context) use. */
  origin: string;
  /** Set for requests executed inside a `$batch`: the batch's request id. */
  batchRequestId?: string;
}

/** A Graph answer: JSON for objects, raw bytes or text otherwise (with its own content-type header). */
export interface GraphResponse {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

/** What a route needs from the caller's token. */
export type Permission = 'readBasic' | 'read' | 'write' | 'send' | 'subscribe' | 'authenticated';

/** The environment of a route handler. */
export interface RouteContext {
  core: SimulatorCore;
  request: GraphRequest;
  params: Record<string, string>;
  /** Resolved from the `:user` segment for mailbox-scoped routes. */
  mailbox: Mailbox;
  app: AppRegistration;
  tenant: Tenant;
  claims: AccessTokenClaims;
  prefer: Preferences;
  requestId: string;
  /** Only Mail.ReadBasic: no body, preview or attachments (Mail.ReadBasic.All permission docs). */
  basicOnly: boolean;
  /** Notes the batch size for the request log. */
  noteBatchSize(count: number): void;
  /** Runs a Graph request as if sent by the same caller (used by `$batch`). */
  dispatch(request: GraphRequest): Promise<GraphResponse>;
}

/** One Graph operation. */
export interface GraphRoute {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE' | 'PUT';
  /** Segments after /v1.0/, e.g. `users/:user/messages/:message/$value`; literals match case-insensitively. */
  pattern: string;
  /** Name used by the request log and fault rules, e.g. `message.get`. */
  operation: string;
  permission: Permission;
  handler(ctx: RouteContext): Promise<GraphResponse> | GraphResponse;
}
