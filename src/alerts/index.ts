export { createAlerts } from './create-alerts.js';
export type { Alerts } from './create-alerts.js';
export { alertConditions, watchableStates } from './alert-rule.js';
export type { AlertMail, AlertRule, AlertRuleInput } from './alert-rule.js';
export type { AlertChannel, AlertEpisode, AlertEvent } from './episode-repository.js';
export type { AlertWebhookBody } from './alert-message.js';
