import { randomUUID } from 'node:crypto';
import type { SimulatorCore } from '../core.js';
import { verifyAccessToken } from '../entra/access-token.js';
import type { Mailbox } from '../tenant/mailbox.js';
import type { GraphRequest, GraphResponse, GraphRoute, Permission, RouteContext } from './context.js';
import { createMailboxBudget } from './mailbox-budget.js';
import { accessDenied, GraphFailure, graphErrorBody, innerErrorDate } from './errors.js';
import { parsePrefer } from './prefer.js';
import { createGraphRouter } from './router.js';

/** Marks a body whose JSON could not be parsed, so the pipeline can answer Graph's 400. */
export const unreadableJson = Symbol('unreadable JSON');

const jsonType =
  'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8';

const permissionRoles: Record<Permission, string[] | null> = {
  readBasic: ['Mail.ReadBasic', 'Mail.Read', 'Mail.ReadWrite'],
  read: ['Mail.Read', 'Mail.ReadWrite'],
  write: ['Mail.ReadWrite'],
  send: ['Mail.Send'],
  subscribe: ['Mail.ReadBasic', 'Mail.Read', 'Mail.ReadWrite'],
  authenticated: null,
};

/** Runs Graph requests through routing, authentication, roles, mailbox scoping, faults and the request log. */
export function createGraphPipeline(core: SimulatorCore, routes: readonly GraphRoute[]) {
  const route = createGraphRouter(routes);
  const inFlight = new Map<string, number>();
  const budget = core.settings.mailboxRequestBudget
    ? createMailboxBudget(core.settings.mailboxRequestBudget, () => core.clock.nowMs())
    : null;

  const failureResponse = (
    failure: GraphFailure,
    requestId: string,
    clientRequestId?: string,
  ): GraphResponse => {
    const nowMs = core.clock.nowMs();
    const body =
      failure.code === 'TooManyRequests'
        ? {
            // Shape of fixtures/error-throttled-429.json (throttling.md).
            error: {
              code: 'TooManyRequests',
              innerError: {
                code: '429',
                date: innerErrorDate(nowMs),
                message: 'Please retry after',
                'request-id': requestId,
                status: '429',
              },
              message: failure.message,
            },
          }
        : graphErrorBody(failure, { requestId, clientRequestId, nowMs });
    return { status: failure.status, headers: failure.headers, body };
  };

  const dispatch = async (request: GraphRequest): Promise<GraphResponse> => {
    const requestId = randomUUID();
    const clientRequestId = request.headers['client-request-id'];
    const started = core.clock.nowMs();
    const realStart = performance.now();
    const note: {
      operation: string;
      mailbox?: string;
      clientId?: string;
      fault?: string;
      batchSize?: number;
    } = {
      operation: 'unknown',
    };

    const run = async (): Promise<GraphResponse> => {
      if (request.body === unreadableJson) {
        throw new GraphFailure(
          400,
          'BadRequest',
          'Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.',
        );
      }
      const match = route(request.method, request.path);
      if (match.kind === 'not-found') {
        throw new GraphFailure(400, 'BadRequest', `Resource not found for the segment '${match.segment}'.`);
      }
      if (match.kind === 'method-not-allowed') {
        throw new GraphFailure(
          405,
          'BadRequest',
          'Specified HTTP method is not allowed for the request target.',
        );
      }
      note.operation = match.route.operation;
      note.mailbox = match.params.user;

      const authorization = request.headers.authorization ?? '';
      const token = /^bearer\s+(.+)$/i.exec(authorization)?.[1]?.trim();
      if (!token) throw new GraphFailure(401, 'InvalidAuthenticationToken', 'Access token is empty.');
      const check = await verifyAccessToken(core.keys, token, core.clock.nowMs());
      if (!check.ok) throw new GraphFailure(401, 'InvalidAuthenticationToken', check.message);
      const tenant = core.state.tenants.get(check.claims.tid);
      const app = tenant?.apps.get(check.claims.appid);
      if (!tenant || !app)
        throw new GraphFailure(401, 'InvalidAuthenticationToken', 'Access token validation failure.');
      note.clientId = app.clientId;

      // Graph decides on the token's roles claim, not on the current grant: a new grant needs a new token.
      const roles = check.claims.roles ?? [];
      const needed = permissionRoles[match.route.permission];
      if (needed && !needed.some((r) => roles.includes(r))) throw accessDenied();

      let mailbox: Mailbox | undefined;
      const userRef = match.params.user;
      if (userRef !== undefined) {
        mailbox = core.state.findMailbox(tenant, userRef);
        if (!mailbox)
          throw new GraphFailure(404, 'ErrorInvalidUser', `The requested user '${userRef}' is invalid.`);
        note.mailbox = mailbox.upn;
        if (!mailbox.mailboxEnabled) {
          throw new GraphFailure(
            404,
            'MailboxNotEnabledForRESTAPI',
            'The mailbox is either inactive, soft-deleted, or is hosted on-premise.',
          );
        }
        // Application access policy (auth-limit-mailbox-access.md): valid token, mailbox out of scope.
        if (!core.state.mailboxAllowed(app, mailbox)) {
          throw new GraphFailure(403, 'ErrorAccessDenied', 'Access to OData is disabled.');
        }
      }

      const slot = mailbox ? `${app.clientId}|${mailbox.id}` : undefined;
      if (slot) {
        const busy = inFlight.get(slot) ?? 0;
        if (busy >= core.settings.mailboxConcurrencyLimit) {
          throw new GraphFailure(
            429,
            'ApplicationThrottled',
            'Application is over its MailboxConcurrency limit.',
            {
              'Retry-After': '1',
            },
          );
        }
        const admitted = budget?.admit(slot) ?? { ok: true };
        if (!admitted.ok) {
          throw new GraphFailure(
            429,
            'ApplicationThrottled',
            'Application is over its MailboxRequests limit.',
            { 'Retry-After': String(admitted.retryAfterSeconds) },
          );
        }
        inFlight.set(slot, busy + 1);
      }
      try {
        const decision = core.faults.forRequest({
          operation: match.route.operation,
          mailbox: mailbox ? [mailbox.upn, mailbox.id] : undefined,
        });
        if (decision.latencyMs > 0) await new Promise((r) => setTimeout(r, decision.latencyMs));
        if (decision.failure) {
          const f = decision.failure;
          note.fault = f.faultId;
          const headers: Record<string, string> =
            f.retryAfterSeconds === undefined ? {} : { 'Retry-After': String(f.retryAfterSeconds) };
          if (f.status === 429) {
            const message =
              f.code === 'ApplicationThrottled'
                ? 'Application is over its MailboxConcurrency limit.'
                : 'Please retry again later.';
            throw new GraphFailure(429, f.code, message, headers);
          }
          throw new GraphFailure(
            503,
            f.code,
            'The service is temporarily unavailable. Please retry later.',
            headers,
          );
        }
        const prefer = parsePrefer(request.headers.prefer);
        const ctx: RouteContext = {
          core,
          request,
          params: match.params,
          get mailbox(): Mailbox {
            if (!mailbox) throw new GraphFailure(500, 'generalException', 'No mailbox in this route.');
            return mailbox;
          },
          app,
          tenant,
          claims: check.claims,
          prefer,
          requestId,
          basicOnly: !roles.includes('Mail.Read') && !roles.includes('Mail.ReadWrite'),
          noteBatchSize: (count) => {
            note.batchSize = count;
          },
          dispatch,
        };
        return await match.route.handler(ctx);
      } finally {
        if (slot) inFlight.set(slot, (inFlight.get(slot) ?? 1) - 1);
      }
    };

    let response: GraphResponse;
    try {
      response = await run();
    } catch (error) {
      if (error instanceof GraphFailure) {
        response = failureResponse(error, requestId, clientRequestId);
      } else {
        core.log.error({ err: error, path: request.path }, 'simulator: Graph handler failed');
        response = failureResponse(
          new GraphFailure(500, 'generalException', 'An internal server error occurred.'),
          requestId,
          clientRequestId,
        );
      }
    }
    const headers: Record<string, string> = {
      'request-id': requestId,
      'client-request-id': clientRequestId ?? requestId,
      ...response.headers,
    };
    if (response.body !== undefined && !Buffer.isBuffer(response.body) && typeof response.body !== 'string') {
      headers['content-type'] ??= jsonType;
    }
    const errorCode =
      response.status >= 400
        ? ((response.body as { error?: { code?: string } })?.error?.code ?? undefined)
        : undefined;
    const query = request.query.toString();
    core.requestLog.add({
      kind: 'graph',
      method: request.method.toUpperCase(),
      path: `/v1.0/${request.path}${query ? `?${query}` : ''}`,
      status: response.status,
      operation: note.operation,
      mailbox: note.mailbox,
      clientId: note.clientId,
      errorCode,
      fault: note.fault,
      batchItemCount: note.batchSize,
      batchRequestId: request.batchRequestId,
      requestId,
      startedAt: new Date(started).toISOString(),
      finishedAt: new Date(core.clock.nowMs()).toISOString(),
      durationMs: Math.round((performance.now() - realStart) * 100) / 100,
    });
    return { ...response, headers };
  };
  return dispatch;
}
