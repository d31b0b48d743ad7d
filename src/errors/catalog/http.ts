import { defineError } from '../define-error.js';

export const HttpBadRequest = defineError<{ reason: string }>({
  code: 'MSI_HTTP_BAD_REQUEST',
  httpStatus: 400,
  retryable: false,
  description: 'The request could not be read (malformed JSON, unsupported media type, body too large …).',
  message: (p) => `Bad request: ${p.reason}`,
});

export const HttpRouteNotFound = defineError<{ method: string; url: string }>({
  code: 'MSI_HTTP_ROUTE_NOT_FOUND',
  httpStatus: 404,
  retryable: false,
  description: 'No route answers this method and path.',
  message: (p) => `No route ${p.method} ${p.url}`,
});
