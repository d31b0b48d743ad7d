/** A Graph error to answer with; route handlers throw it and the pipeline shapes the body. */
export class GraphFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

/** Graph's `innerError.date` format: seconds precision, no zone ("2018-08-20T02:29:38"). */
export function innerErrorDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19);
}

/** The error body of errors.md: `{error:{code,message,innerError:{date,request-id,client-request-id}}}`. */
export function graphErrorBody(
  failure: { code: string; message: string },
  ids: { requestId: string; clientRequestId?: string; nowMs: number },
): Record<string, unknown> {
  return {
    error: {
      code: failure.code,
      message: failure.message,
      innerError: {
        date: innerErrorDate(ids.nowMs),
        'request-id': ids.requestId,
        'client-request-id': ids.clientRequestId ?? ids.requestId,
      },
    },
  };
}

/** 404 for a message, folder or attachment that does not exist (fixtures/error-not-found.json). */
export const itemNotFound = (): GraphFailure =>
  new GraphFailure(404, 'ErrorItemNotFound', 'The specified object was not found in the store.');

/** 400 for an id that is not an Exchange id at all. */
export const idMalformed = (): GraphFailure =>
  new GraphFailure(400, 'ErrorInvalidIdMalformed', 'Id is malformed.');

/** 400 for a request body that is not the JSON the operation needs. */
export const badBody = (detail: string): GraphFailure => new GraphFailure(400, 'BadRequest', detail);

/** 403 when the token lacks the needed role (graph-protocol.md §J). */
export const accessDenied = (): GraphFailure =>
  new GraphFailure(403, 'ErrorAccessDenied', 'Access is denied. Check credentials and try again.');
