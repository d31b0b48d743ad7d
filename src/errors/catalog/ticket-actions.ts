import { defineError } from '../define-error.js';

export const TicketTypeUnknown = defineError<{ key: string; known: string[] }>({
  code: 'MSI_TICKET_TYPE_UNKNOWN',
  httpStatus: 400,
  retryable: false,
  description: 'A ticket type was set by a key that is not one of the helpdesk types.',
  message: (p) =>
    `Ticket type "${p.key}" is not one of ${p.known.length ? p.known.join(', ') : '(no types defined)'}`,
});

export const TicketAssigneeUnknown = defineError<{ what: 'user' | 'group'; id: string }>({
  code: 'MSI_TICKET_ASSIGNEE_UNKNOWN',
  httpStatus: 400,
  retryable: false,
  description: 'A ticket was assigned to a user or group that does not exist (or a disabled user).',
  message: (p) => `Cannot assign the ticket to ${p.what} ${p.id}: no such ${p.what}`,
});

export const TicketActionInvalid = defineError<{ problems: string[] }>({
  code: 'MSI_TICKET_ACTION_INVALID',
  httpStatus: 400,
  retryable: false,
  description:
    'A ticket action (assignment, note, reply) was given input it cannot use; nothing was changed.',
  message: (p) => `Invalid ticket action: ${p.problems.join('; ')}`,
});

export const TicketReplyTooLarge = defineError<{ sizeBytes: number; limitBytes: number }>({
  code: 'MSI_TICKET_REPLY_TOO_LARGE',
  httpStatus: 413,
  retryable: false,
  description: "A reply's attachments together exceed the limit Graph's MIME sendMail accepts.",
  message: (p) =>
    `The reply's attachments are ${p.sizeBytes} bytes; at most ${p.limitBytes} bytes are allowed`,
});

export const TicketReplyNoRecipient = defineError<{ ticketId: string }>({
  code: 'MSI_TICKET_REPLY_NO_RECIPIENT',
  httpStatus: 409,
  retryable: false,
  description:
    'A reply was asked for a ticket without a customer address or without the mailbox it came in through.',
  message: (p) => `Ticket ${p.ticketId} has no customer mail or no watched mailbox to reply from`,
});

export const TicketReplySendDenied = defineError<{ mailbox: string }>({
  code: 'MSI_TICKET_REPLY_SEND_DENIED',
  httpStatus: 403,
  retryable: false,
  description:
    'Graph refused to send the reply from the mailbox: the application needs the Mail.Send permission (with admin consent) for it.',
  message: (p) =>
    `Graph refused to send from ${p.mailbox}: grant the application permission Mail.Send with admin consent (and allow the mailbox in any application access policy)`,
});
