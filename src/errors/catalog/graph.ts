import { defineError } from '../define-error.js';

/** Parameters every Graph error keeps, so the log and the admin can quote Graph's request id. */
interface GraphErrorParams {
  operation: string;
  mailbox: string | null;
  graphCode: string;
  graphMessage: string;
  requestId: string | null;
}

const where = (p: GraphErrorParams) =>
  `${p.operation}${p.mailbox ? ` on ${p.mailbox}` : ''}${p.requestId ? ` (Graph request-id ${p.requestId})` : ''}`;

export const GraphThrottled = defineError<GraphErrorParams & { retryAfterMs: number }>({
  code: 'MSI_GRAPH_THROTTLED',
  httpStatus: 503,
  retryable: true,
  description: 'Graph answered 429 (throttled) after every retry; the work is retried later.',
  message: (p) => `Graph throttled ${where(p)}; retry in ${p.retryAfterMs} ms`,
});

export const GraphUnavailable = defineError<GraphErrorParams & { status: number }>({
  code: 'MSI_GRAPH_UNAVAILABLE',
  httpStatus: 503,
  retryable: true,
  description: 'Graph answered 5xx, timed out or could not be reached after every retry.',
  message: (p) => `Graph is unavailable for ${where(p)}: ${p.status || 'no answer'} ${p.graphCode}`,
});

export const GraphNotFound = defineError<GraphErrorParams>({
  code: 'MSI_GRAPH_NOT_FOUND',
  httpStatus: 404,
  retryable: false,
  description: 'Graph does not know the object (message gone, subscription expired or removed).',
  message: (p) => `Graph found nothing for ${where(p)}: ${p.graphCode}`,
});

export const GraphAccessDenied = defineError<GraphErrorParams & { hint: string }>({
  code: 'MSI_GRAPH_ACCESS_DENIED',
  httpStatus: 403,
  retryable: false,
  description:
    'Graph refused access: a missing application permission (or admin consent), or an application access policy that excludes the mailbox.',
  message: (p) => `Graph denied access for ${where(p)}: ${p.graphMessage} — ${p.hint}`,
});

/** What to check when Graph cannot find or serve a mailbox. */
const mailboxHint =
  'check the address, that the user has an Exchange Online licence (a mailbox), and that no application access policy (New-ApplicationAccessPolicy) leaves the mailbox out of the app’s scope';

export const GraphMailboxNotEnabled = defineError<GraphErrorParams>({
  code: 'MSI_GRAPH_MAILBOX_NOT_ENABLED',
  httpStatus: 409,
  retryable: false,
  description:
    'The mailbox is inactive, soft-deleted, on-premises or unlicensed (MailboxNotEnabledForRESTAPI).',
  message: (p) =>
    `Mailbox not licensed or not enabled for ${where(p)}: it is inactive, soft-deleted, hosted on-premises or has no Exchange Online licence; ${mailboxHint}`,
});

export const GraphMailboxNotFound = defineError<GraphErrorParams>({
  code: 'MSI_GRAPH_MAILBOX_NOT_FOUND',
  httpStatus: 404,
  retryable: false,
  description:
    'Graph knows no mailbox at that address, or the user has no Exchange Online licence (ErrorInvalidUser; a 404 ExtensionError when a subscription is created).',
  message: (p) => `Mailbox not found or not licensed for ${where(p)}: ${mailboxHint}`,
});

export const GraphRequestRejected = defineError<GraphErrorParams & { status: number }>({
  code: 'MSI_GRAPH_REQUEST_REJECTED',
  httpStatus: 502,
  retryable: false,
  description:
    'Graph rejected the request as invalid (400 and similar); Graph’s own code and message are kept.',
  message: (p) => `Graph rejected ${where(p)} with ${p.status} ${p.graphCode}: ${p.graphMessage}`,
});

export const GraphSyncStateGone = defineError<GraphErrorParams>({
  code: 'MSI_GRAPH_SYNC_STATE_GONE',
  httpStatus: 410,
  retryable: false,
  description: 'A stored delta link expired (410 syncStateNotFound); a full resynchronisation follows.',
  message: (p) => `The delta link for ${where(p)} expired; a full resync is needed`,
});

export const GraphAuthenticationFailed = defineError<{
  client: string;
  aadsts: string | null;
  error: string;
  advice: string;
}>({
  code: 'MSI_GRAPH_AUTH_FAILED',
  httpStatus: 502,
  retryable: false,
  description:
    'Entra ID refused to issue a token for the client (AADSTS code kept: wrong or expired secret, unknown app or tenant).',
  message: (p) =>
    `Client "${p.client}" could not sign in${p.aadsts ? ` (AADSTS${p.aadsts})` : ''}: ${p.advice}`,
});

export const GraphBudgetUnavailable = defineError<{ mailbox: string; reason: string }>({
  code: 'MSI_GRAPH_BUDGET_UNAVAILABLE',
  httpStatus: 503,
  retryable: true,
  description:
    'The per-mailbox Graph budget that instances share in PostgreSQL could not be read, or the process is stopping; the Graph request was not sent and its work is retried later.',
  message: (p) => `No Graph slot for ${p.mailbox}: ${p.reason}`,
});
