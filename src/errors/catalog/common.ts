import { defineError } from '../define-error.js';

export const InternalError = defineError({
  code: 'MSI_INTERNAL_ERROR',
  httpStatus: 500,
  retryable: false,
  description: 'An unexpected failure; the details are in the log under the request id, never in the answer.',
  message: () => 'Internal error',
});

export const NotFound = defineError<{ what: string; id: string }>({
  code: 'MSI_NOT_FOUND',
  httpStatus: 404,
  retryable: false,
  description: 'The addressed object does not exist.',
  message: (p) => `${p.what} ${p.id} not found`,
});

export const ValidationFailed = defineError<{ problems: string[] }>({
  code: 'MSI_VALIDATION_FAILED',
  httpStatus: 400,
  retryable: false,
  description: 'Input was rejected; every problem is listed with the path of the field.',
  message: (p) => `Invalid input: ${p.problems.join('; ')}`,
});

export const Unauthorized = defineError({
  code: 'MSI_AUTH_REQUIRED',
  httpStatus: 401,
  retryable: false,
  description: 'The request carries no valid credentials.',
  message: () => 'Authentication required',
});
