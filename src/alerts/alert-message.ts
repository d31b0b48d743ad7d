import type { AlertEpisodesTable } from '../store/index.js';
import type { AlertRule } from './alert-rule.js';
import type { AlertEvent } from './episode-repository.js';

/** The JSON body of an alert webhook (signed like external handler requests). */
export interface AlertWebhookBody {
  /** `alert.opened` when the condition starts, `alert.resolved` once it clears. */
  type: `alert.${AlertEvent}`;
  /** `<episode id>:<event>`: the same on every retry, so receivers can drop duplicates. */
  deliveryId: string;
  sentAt: string;
  rule: { id: string; name: string; condition: AlertRule['condition'] };
  episode: {
    id: string;
    subject: string;
    title: string;
    detail: string;
    openedAt: string;
    resolvedAt: string | null;
  };
}

/** The webhook body of one event of an episode. */
export function webhookBodyOf(
  rule: AlertRule,
  episode: AlertEpisodesTable,
  event: AlertEvent,
  sentAt: Date,
): AlertWebhookBody {
  return {
    type: `alert.${event}`,
    deliveryId: `${episode.id}:${event}`,
    sentAt: sentAt.toISOString(),
    rule: { id: rule.id, name: rule.name, condition: rule.condition },
    episode: {
      id: episode.id,
      subject: episode.subject,
      title: episode.title,
      detail: episode.detail,
      openedAt: episode.opened_at,
      resolvedAt: episode.resolved_at,
    },
  };
}

/** Subject and plain text of the alert mail of one event. */
export function mailTextOf(
  rule: AlertRule,
  episode: AlertEpisodesTable,
  event: AlertEvent,
): { subject: string; text: string } {
  const opened = event === 'opened';
  const subject = `[ms-inbox] ${opened ? 'ALERT' : 'RESOLVED'}: ${episode.title}`;
  const lines = [
    opened ? `Alert rule "${rule.name}" fired.` : `Alert rule "${rule.name}" no longer holds.`,
    '',
    episode.title,
    episode.detail,
    '',
    `Condition: ${rule.condition}`,
    `Subject:   ${episode.subject}`,
    `Opened:    ${episode.opened_at}`,
    ...(episode.resolved_at ? [`Resolved:  ${episode.resolved_at}`] : []),
    '',
    'You get one message when an alert opens and one when it is resolved.',
  ];
  return { subject, text: lines.join('\n') };
}
