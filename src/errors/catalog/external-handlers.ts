import { defineError } from '../define-error.js';

/**
 * `url` in these parameters is always the target without credentials or query string, and
 * `responseExcerpt` is at most ~500 characters with any configured secret blanked out.
 */
interface ExternalCallParams {
  url: string;
}

export const ExternalHandlerConfigInvalid = defineError<{ url: string; problem: string }>({
  code: 'MSI_EXTERNAL_HANDLER_CONFIG_INVALID',
  httpStatus: 400,
  retryable: false,
  description:
    'An external handler target cannot be used: not an `https://` URL (plain `http://` only for loopback hosts), or no signing secret.',
  message: (p) => `External handler ${p.url} cannot be used: ${p.problem}`,
});

export const ExternalHandlerRejected = defineError<
  ExternalCallParams & { status: number; hint: string; responseExcerpt: string }
>({
  code: 'MSI_EXTERNAL_HANDLER_REJECTED',
  httpStatus: 502,
  retryable: false,
  description:
    'The external handler answered 4xx (other than 408/429) or a redirect; the mail is Failed at once, without retries.',
  message: (p) =>
    `External handler ${p.url} rejected the mail with HTTP ${p.status}${p.hint ? ` (${p.hint})` : ''}` +
    (p.responseExcerpt ? `: ${p.responseExcerpt}` : ''),
});

export const ExternalHandlerUnavailable = defineError<
  ExternalCallParams & { status: number; retryAfterMs: number | null; responseExcerpt: string }
>({
  code: 'MSI_EXTERNAL_HANDLER_UNAVAILABLE',
  httpStatus: 503,
  retryable: true,
  description:
    'The external handler answered 5xx, 408 or 429; the mail is retried with backoff (honouring Retry-After), then Failed.',
  message: (p) =>
    `External handler ${p.url} answered HTTP ${p.status}` +
    (p.retryAfterMs === null ? '' : `; it asks to retry in ${p.retryAfterMs} ms`) +
    (p.responseExcerpt ? `: ${p.responseExcerpt}` : ''),
});

export const ExternalHandlerTimeout = defineError<
  ExternalCallParams & { timeoutMs: number; reason: 'deadline' | 'aborted' }
>({
  code: 'MSI_EXTERNAL_HANDLER_TIMEOUT',
  httpStatus: 504,
  retryable: true,
  description:
    'The external handler did not answer in time (or the pipeline stopped the call); the mail is retried.',
  message: (p) =>
    p.reason === 'deadline'
      ? `External handler ${p.url} did not answer within ${p.timeoutMs} ms`
      : `The call to external handler ${p.url} was aborted before it answered (the handler's time ran out)`,
});

export const ExternalHandlerUnreachable = defineError<ExternalCallParams & { networkCode: string }>({
  code: 'MSI_EXTERNAL_HANDLER_UNREACHABLE',
  httpStatus: 502,
  retryable: true,
  description:
    'The external handler could not be reached (DNS, refused or reset connection); the mail is retried.',
  message: (p) => `External handler ${p.url} could not be reached: ${p.networkCode}`,
});

export const ExternalHandlerTlsFailed = defineError<ExternalCallParams & { tlsCode: string; hint: string }>({
  code: 'MSI_EXTERNAL_HANDLER_TLS_FAILED',
  httpStatus: 502,
  retryable: true,
  description:
    "The external handler's TLS certificate is not trusted (self-signed or unknown CA, expired, wrong host name); name its CA in `recovery.path_to_verify_cert` or the resource's CA file.",
  message: (p) => `The TLS certificate of external handler ${p.url} is not trusted (${p.tlsCode}): ${p.hint}`,
});
