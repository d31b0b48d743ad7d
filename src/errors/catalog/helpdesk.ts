import { defineError } from '../define-error.js';

export const HelpdeskStatusUnknown = defineError<{ key: string; known: string[] }>({
  code: 'MSI_HELPDESK_STATUS_UNKNOWN',
  httpStatus: 400,
  retryable: false,
  description: 'A helpdesk status was set by a key that is not in the configured option set.',
  message: (p) => `Helpdesk status "${p.key}" is not one of ${p.known.join(', ')}`,
});

export const HelpdeskNumberUnavailable = defineError<{ attempts: number }>({
  code: 'MSI_HELPDESK_NUMBER_UNAVAILABLE',
  httpStatus: 503,
  retryable: true,
  description: 'No free helpdesk number was found after several random draws (practically impossible).',
  message: (p) => `No free helpdesk number after ${p.attempts} attempts`,
});

export const HelpdeskUnitOfWorkClosed = defineError<{ operation: string }>({
  code: 'MSI_HELPDESK_UNIT_OF_WORK_CLOSED',
  httpStatus: 500,
  retryable: false,
  description: 'A unit of work was changed after `commit()`; start a new one for further changes.',
  message: (p) => `Cannot ${p.operation}: the unit of work is already committed`,
});

export const HelpdeskDocumentWriteFailed = defineError<{ fileName: string; reason: string }>({
  code: 'MSI_HELPDESK_DOCUMENT_WRITE_FAILED',
  httpStatus: 500,
  retryable: true,
  description: 'A document (attachment or mail file) could not be written under the data dir.',
  message: (p) => `Document "${p.fileName}" could not be stored: ${p.reason}`,
});

export const HelpdeskSenderBehaviourUnknown = defineError<{ behaviour: string; known: string[] }>({
  code: 'MSI_HELPDESK_SENDER_BEHAVIOUR_UNKNOWN',
  httpStatus: 500,
  retryable: false,
  description: '`processEmail` was given a `senderIdBehaviour` that is not one of the five modes.',
  message: (p) => `senderIdBehaviour "${p.behaviour}" is not one of ${p.known.join(', ')}`,
});

export const HelpdeskReferenceExists = defineError<{ what: string; field: string; value: string }>({
  code: 'MSI_HELPDESK_REFERENCE_EXISTS',
  httpStatus: 409,
  retryable: false,
  description:
    'A status or type key, a company name or a person e-mail is already taken (person e-mails among persons in use).',
  message: (p) => `A ${p.what} with ${p.field} "${p.value}" already exists`,
});

export const HelpdeskDefaultStatusKept = defineError<{ key: string }>({
  code: 'MSI_HELPDESK_DEFAULT_STATUS_KEPT',
  httpStatus: 409,
  retryable: false,
  description:
    'The default status (the one new tickets start in) cannot be archived or stop being the default; make another status the default first.',
  message: (p) => `Status "${p.key}" is the default for new tickets; make another status the default first`,
});
