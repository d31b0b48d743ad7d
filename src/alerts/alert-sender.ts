import type { AppConfig } from '../config/index.js';
import type { EgressGuard } from '../egress/index.js';
import { AlertWebhookFailed } from '../errors/index.js';
import type { GraphClient } from '../graph/index.js';
import { createHttpPoster, signatureHeaderName, signPayload, type HttpPoster } from '../handlers/index.js';
import {
  buildAutoReplyMime,
  createGraphTransport,
  createSmtpTransport,
  newMessageId,
  type AutoReplyTransport,
} from '../helpdesk/index.js';
import type { Clock } from '../shared/index.js';
import type { AlertEpisodesTable } from '../store/index.js';
import { mailTextOf, webhookBodyOf } from './alert-message.js';
import type { AlertMail, AlertRule } from './alert-rule.js';
import type { AlertEvent } from './episode-repository.js';

const webhookTimeoutMs = 15_000;

/** Sends the messages of alert episodes: mail through Graph or SMTP, and signed webhooks. */
export function createAlertSender(deps: {
  config: AppConfig;
  clock: Clock;
  egress: EgressGuard;
  graphFor: (clientName: string) => GraphClient;
}) {
  const { config, clock, egress } = deps;
  // One keep-alive pool per webhook target, as external handlers have.
  const posters = new Map<string, HttpPoster>();
  const posterOf = (target: string): HttpPoster => {
    let poster = posters.get(target);
    if (!poster) {
      poster = createHttpPoster(new URL(target), null, egress);
      posters.set(target, poster);
    }
    return poster;
  };
  const transportOf = (mail: AlertMail): AutoReplyTransport =>
    mail.transport === 'graph'
      ? createGraphTransport(deps.graphFor(mail.clientName))
      : createSmtpTransport(mail.smtpUrl);

  return {
    /** One mail per recipient, marked automatic (`Auto-Submitted`) so auto-replies and rules leave it alone. */
    async sendMail(rule: AlertRule, mail: AlertMail, episode: AlertEpisodesTable, event: AlertEvent) {
      const { subject, text } = mailTextOf(rule, episode, event);
      const transport = transportOf(mail);
      for (const to of mail.to) {
        const mime = await buildAutoReplyMime({
          from: { name: 'ms-inbox alerts', address: mail.from },
          to: { name: null, address: to },
          subject,
          text,
          html: null,
          messageId: newMessageId(mail.from),
          headers: { 'Auto-Submitted': 'auto-generated', 'X-Auto-Response-Suppress': 'All' },
          date: clock.now(),
        });
        await transport.send({ from: mail.from, to, mime });
      }
    },
    /** POSTs the signed JSON body; anything but 2xx throws a retryable coded error. */
    async sendWebhook(rule: AlertRule, target: string, episode: AlertEpisodesTable, event: AlertEvent) {
      const now = clock.now();
      const payload = webhookBodyOf(rule, episode, event, now);
      const body = Buffer.from(JSON.stringify(payload), 'utf8');
      const secrets = [config.server.handlerSecret, config.server.handlerSecretPrevious]
        .filter((s) => s !== null)
        .map((s) => s.reveal());
      const shown = new URL(target);
      const safeTarget = `${shown.protocol}//${shown.host}${shown.pathname}`;
      if (secrets.length === 0)
        throw AlertWebhookFailed.create({ target: safeTarget, reason: 'server.handler_secret is not set' });
      const result = await posterOf(target).post({
        body,
        timeoutMs: webhookTimeoutMs,
        signal: AbortSignal.timeout(webhookTimeoutMs + 1_000),
        maxResponseBytes: 4_096,
        headers: {
          'content-type': 'application/json; charset=utf-8',
          'user-agent': 'ms-inbox-alerts',
          [signatureHeaderName]: signPayload({ secrets, body, now }),
          'ms-inbox-delivery': payload.deliveryId,
          'ms-inbox-event': payload.type,
        },
      });
      if (result.kind === 'response' && result.status >= 200 && result.status < 300) return;
      const reason =
        result.kind === 'response'
          ? `answered ${result.status}`
          : result.kind === 'refused'
            ? result.error.message
            : 'code' in result
              ? `${result.kind}: ${result.code}`
              : result.kind;
      throw AlertWebhookFailed.create({ target: safeTarget, reason });
    },
  };
}
