import { defineError } from '../define-error.js';

export const ResourceExists = defineError<{ clientName: string; email: string }>({
  code: 'MSI_INBOX_RESOURCE_EXISTS',
  httpStatus: 409,
  retryable: false,
  description: 'A resource for this mailbox already exists under the client.',
  message: (p) => `Client "${p.clientName}" already watches ${p.email}`,
});

export const ResourceInvalid = defineError<{ problems: string[] }>({
  code: 'MSI_INBOX_RESOURCE_INVALID',
  httpStatus: 400,
  retryable: false,
  description:
    'A resource was rejected: bad address, unknown client, unknown handler target or bad disposal.',
  message: (p) => `Invalid resource: ${p.problems.join('; ')}`,
});

export const ResourceNotFound = defineError<{ id: string }>({
  code: 'MSI_INBOX_RESOURCE_NOT_FOUND',
  httpStatus: 404,
  retryable: false,
  description: 'No resource has this id (or address).',
  message: (p) => `Resource ${p.id} not found`,
});

export const ClientUnknown = defineError<{ name: string; known: string[] }>({
  code: 'MSI_INBOX_CLIENT_UNKNOWN',
  httpStatus: 404,
  retryable: false,
  description: 'No client of that name is configured in application_config.yaml.',
  message: (p) =>
    `No client "${p.name}" is configured${p.known.length ? ` (configured: ${p.known.join(', ')})` : ''}`,
});

export const MessageNotFound = defineError<{ id: string }>({
  code: 'MSI_INBOX_MESSAGE_NOT_FOUND',
  httpStatus: 404,
  retryable: false,
  description: 'No mail with this id is in the ledger.',
  message: (p) => `Message ${p.id} not found`,
});

export const HandlerMissing = defineError<{ target: string }>({
  code: 'MSI_INBOX_HANDLER_MISSING',
  httpStatus: 409,
  retryable: false,
  description: 'The resource names a handler target that nothing answers (no endpoint with that path).',
  message: (p) =>
    `No handler answers ${p.target}; register an endpoint with that path or use an https:// URL`,
});

export const HandlerTimedOut = defineError<{ target: string; timeoutMs: number }>({
  code: 'MSI_INBOX_HANDLER_TIMEOUT',
  httpStatus: 504,
  retryable: false,
  description: 'The handler did not finish within its time limit; the mail is Failed and can be retried.',
  message: (p) => `Handler ${p.target} did not finish within ${p.timeoutMs} ms`,
});

export const HandlerThrew = defineError<{ target: string; message: string }>({
  code: 'MSI_INBOX_HANDLER_ERROR',
  httpStatus: 500,
  retryable: false,
  description:
    'The handler threw; its message and stack are kept on the mail, which stays in the Inbox as Failed.',
  message: (p) => `Handler ${p.target} failed: ${p.message}`,
});

export const RecoveryTargetMissing = defineError<{ email: string }>({
  code: 'MSI_INBOX_RECOVERY_TARGET_MISSING',
  httpStatus: 409,
  retryable: false,
  description: 'Recovery was asked for a resource that has no recovery target.',
  message: (p) =>
    `${p.email} has no recovery target: set one on the resource (e.g. /inbox/recover/) before recovering`,
});

export const RecoveryInvalid = defineError<{ problems: string[] }>({
  code: 'MSI_INBOX_RECOVERY_INVALID',
  httpStatus: 400,
  retryable: false,
  description:
    'A recovery request was rejected (bad type, a since that is no ISO-8601 date or lies in the future, unknown messages).',
  message: (p) => `Invalid recovery request: ${p.problems.join('; ')}`,
});

export const SubscriptionNotConfigured = defineError<{ reason: string }>({
  code: 'MSI_INBOX_PUBLIC_URL_MISSING',
  httpStatus: 409,
  retryable: false,
  description:
    'Subscriptions need PUBLIC_URL (server.public_url), the https address Graph sends notifications to.',
  message: (p) => `Cannot subscribe: ${p.reason}`,
});

export const LedgerMoveRefused = defineError<{ id: string; from: string; to: string }>({
  code: 'MSI_INBOX_LEDGER_MOVE_REFUSED',
  httpStatus: 500,
  retryable: false,
  description:
    "A mail's ledger status was asked to make a move the state machine does not have (DESIGN §4); nothing was written.",
  message: (p) => `Mail ${p.id} cannot go from ${p.from} to ${p.to}`,
});
