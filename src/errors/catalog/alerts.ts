import { defineError } from '../define-error.js';

export const AlertRuleInvalid = defineError<{ problems: string[] }>({
  code: 'MSI_ALERT_RULE_INVALID',
  httpStatus: 400,
  retryable: false,
  description: 'An alert rule was rejected; every problem is listed with its field, and nothing was saved.',
  message: (p) => `Invalid alert rule: ${p.problems.join('; ')}`,
});

export const AlertWebhookFailed = defineError<{ target: string; reason: string }>({
  code: 'MSI_ALERT_WEBHOOK_FAILED',
  httpStatus: 502,
  retryable: true,
  description:
    'An alert webhook did not answer 2xx (or could not be reached); the notification job retries it with backoff.',
  message: (p) => `The alert webhook ${p.target} did not take the alert: ${p.reason}`,
});

export const AlertNotificationInvalid = defineError<{ problem: string }>({
  code: 'MSI_ALERT_NOTIFICATION_INVALID',
  httpStatus: 500,
  retryable: false,
  description: 'An `alerts.send-notification` job named an episode, event or channel that does not exist.',
  message: (p) => `The alert notification job cannot be sent: ${p.problem}`,
});
