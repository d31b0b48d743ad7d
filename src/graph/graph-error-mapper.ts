import {
  GraphAccessDenied,
  GraphMailboxNotEnabled,
  GraphMailboxNotFound,
  GraphNotFound,
  GraphRequestRejected,
  GraphSyncStateGone,
  GraphThrottled,
  GraphUnavailable,
  type AppError,
} from '../errors/index.js';

/** Graph's error body (`{"error":{"code","message","innerError":{"request-id"}}}`), as far as we read it. */
export interface GraphErrorBody {
  error?: { code?: string; message?: string; innerError?: { 'request-id'?: string } };
}

/** What one failed Graph answer said. */
export interface GraphFailure {
  operation: string;
  mailbox: string | null;
  status: number;
  body: GraphErrorBody | null;
  requestId: string | null;
  retryAfterMs?: number;
}

const accessHint =
  'grant the application permissions Mail.Read, Mail.ReadBasic and Mail.ReadWrite (Mail.Send for auto-replies) with admin consent; ' +
  'if they are granted, an application access policy (New-ApplicationAccessPolicy) may exclude this mailbox — add the mailbox to the policy’s group (changes can take an hour)';

/** Maps a Graph error answer to our coded error, branching on Graph's code and status, never its message. */
export function mapGraphFailure(failure: GraphFailure): AppError {
  const graphCode = failure.body?.error?.code ?? `HTTP${failure.status}`;
  const params = {
    operation: failure.operation,
    mailbox: failure.mailbox,
    graphCode,
    graphMessage: failure.body?.error?.message ?? '',
    requestId: failure.requestId ?? failure.body?.error?.innerError?.['request-id'] ?? null,
  };
  if (graphCode === 'MailboxNotEnabledForRESTAPI') return GraphMailboxNotEnabled.create(params);
  if (graphCode === 'ErrorInvalidUser') return GraphMailboxNotFound.create(params);
  // Creating a subscription on a mailbox that does not exist or has no licence answers 404 ExtensionError
  // ("Operation: Create; Exception: [Status Code: NotFound; …]"): the Inbox is the only thing it can miss.
  if (failure.status === 404 && failure.operation === 'subscriptions.create') {
    return GraphMailboxNotFound.create(params);
  }
  if (failure.status === 410 || graphCode === 'syncStateNotFound' || graphCode === 'resyncRequired') {
    return GraphSyncStateGone.create(params);
  }
  if (failure.status === 429)
    return GraphThrottled.create({ ...params, retryAfterMs: failure.retryAfterMs ?? 0 });
  if (failure.status === 403) return GraphAccessDenied.create({ ...params, hint: accessHint });
  if (failure.status === 404) return GraphNotFound.create(params);
  if (failure.status === 0 || failure.status >= 500) {
    return GraphUnavailable.create({ ...params, status: failure.status });
  }
  return GraphRequestRejected.create({ ...params, status: failure.status });
}

/** Whether Graph asks us to come back later for this status. */
export function isRetryableStatus(status: number): boolean {
  return (
    status === 0 || status === 429 || status === 500 || status === 502 || status === 503 || status === 504
  );
}
