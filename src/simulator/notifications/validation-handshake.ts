import type { SimulatorCore } from '../core.js';

/** The outcome of validating a notification URL. */
export type HandshakeResult = { ok: true } | { ok: false; code: string; message: string };

// .NET's HttpStatusCode names, which Graph puts into its "HTTP status code is '…'" message.
const statusNames: Record<number, string> = {
  201: 'Created',
  202: 'Accepted',
  204: 'NoContent',
  301: 'MovedPermanently',
  302: 'Redirect',
  400: 'BadRequest',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'NotFound',
  405: 'MethodNotAllowed',
  500: 'InternalServerError',
  502: 'BadGateway',
  503: 'ServiceUnavailable',
  504: 'GatewayTimeout',
};

/**
 * Runs Graph's validation handshake against one URL: `POST url?validationToken=…` with an empty text/plain body;
 * the receiver must answer 200, `text/plain`, with the decoded token, within 10 s (change-notifications-delivery
 * -notificationurl-validation.md). Failures use the error texts Graph returns (graph-protocol.md §B.2).
 */
export async function runValidationHandshake(core: SimulatorCore, url: string): Promise<HandshakeResult> {
  // Graph's token is prose with spaces and colons, which catches receivers that echo it still URL-encoded.
  const token = `Validation: Testing client application reachability for subscription Request-Id: ${core.random.guid()}`;
  const target = new URL(url);
  target.searchParams.append('validationToken', token);
  const started = core.clock.nowMs();
  const realStart = performance.now();
  let status = 0;
  let result: HandshakeResult;
  try {
    const response = await fetch(target, {
      method: 'POST',
      headers: { 'content-type': 'text/plain; charset=utf-8' },
      body: '',
      signal: AbortSignal.any([AbortSignal.timeout(core.settings.validationTimeoutMs), core.closing]),
    });
    status = response.status;
    const text = await response.text();
    const type = response.headers.get('content-type') ?? '';
    if (status !== 200) {
      result = {
        ok: false,
        code: 'ValidationError',
        message: `Subscription validation request failed. HTTP status code is '${statusNames[status] ?? status}'.`,
      };
    } else if (!type.toLowerCase().startsWith('text/plain') || text !== token) {
      result = {
        ok: false,
        code: 'ValidationError',
        message:
          'Subscription validation request failed. Response must exactly match validationToken query parameter.',
      };
    } else {
      result = { ok: true };
    }
  } catch (error) {
    const timedOut = error instanceof Error && error.name === 'TimeoutError';
    result = timedOut
      ? { ok: false, code: 'InvalidRequest', message: 'Subscription validation request timed out.' }
      : {
          ok: false,
          code: 'ValidationError',
          message:
            'Subscription validation request failed. Notification endpoint must respond with 200 OK to validation request.',
        };
  }
  core.requestLog.add({
    kind: 'validation',
    method: 'POST',
    path: url,
    status,
    operation: 'subscription.validate',
    errorCode: result.ok ? undefined : result.code,
    startedAt: new Date(started).toISOString(),
    finishedAt: new Date(core.clock.nowMs()).toISOString(),
    durationMs: Math.round((performance.now() - realStart) * 100) / 100,
  });
  return result;
}
