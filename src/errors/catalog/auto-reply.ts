import { defineError } from '../define-error.js';

export const AutoReplySettingsInvalid = defineError<{ problems: string[] }>({
  code: 'MSI_AUTO_REPLY_SETTINGS_INVALID',
  httpStatus: 400,
  retryable: false,
  description: "A resource's auto-reply settings were rejected; every problem is listed with its field.",
  message: (p) => `Invalid auto-reply settings: ${p.problems.join('; ')}`,
});

export const AutoReplyPayloadInvalid = defineError<{ problem: string }>({
  code: 'MSI_AUTO_REPLY_PAYLOAD_INVALID',
  httpStatus: 500,
  retryable: false,
  description: 'A `helpdesk.send-auto-reply` job carried a payload this version cannot read.',
  message: (p) => `The auto-reply job payload is invalid: ${p.problem}`,
});

export const AutoReplySmtpMissing = defineError<{ resourceId: string }>({
  code: 'MSI_AUTO_REPLY_SMTP_MISSING',
  httpStatus: 500,
  retryable: false,
  description: 'A resource sends auto-replies over SMTP but no SMTP URL is configured for it.',
  message: (p) => `Resource ${p.resourceId} sends auto-replies over SMTP but has no SMTP URL`,
});

export const AutoReplySmtpRejected = defineError<{ responseCode: number | null; reason: string }>({
  code: 'MSI_AUTO_REPLY_SMTP_REJECTED',
  httpStatus: 502,
  retryable: false,
  description:
    'The SMTP server refused the auto-reply for good (a 5xx answer or failed authentication); not retried.',
  message: (p) =>
    `The SMTP server rejected the auto-reply${p.responseCode ? ` (${p.responseCode})` : ''}: ${p.reason}`,
});

export const AutoReplySmtpUnavailable = defineError<{ reason: string }>({
  code: 'MSI_AUTO_REPLY_SMTP_UNAVAILABLE',
  httpStatus: 503,
  retryable: true,
  description: 'The SMTP server could not be reached or answered 4xx; the auto-reply is retried.',
  message: (p) => `The SMTP server did not take the auto-reply; will retry: ${p.reason}`,
});
