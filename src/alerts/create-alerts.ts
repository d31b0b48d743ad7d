import { z } from 'zod';
import type { AppConfig } from '../config/index.js';
import { createEgressGuard, type EgressGuard } from '../egress/index.js';
import { AlertNotificationInvalid } from '../errors/index.js';
import type { GraphClient } from '../graph/index.js';
import type { Inbox } from '../inbox/index.js';
import { collectJobHandlers, defineJob, handleJob, type JobQueue } from '../jobs/index.js';
import { isoNow, type Clock, type Logger } from '../shared/index.js';
import type { Store } from '../store/index.js';
import type { AlertRule } from './alert-rule.js';
import { createAlertSender } from './alert-sender.js';
import { evaluateRules, type Finding } from './conditions.js';
import {
  createEpisodeRepository,
  type AlertChannel,
  type AlertEpisode,
  type AlertEvent,
} from './episode-repository.js';
import { createRuleService } from './rule-service.js';

const notificationPayload = z.object({
  episodeId: z.string().min(1),
  event: z.enum(['opened', 'resolved']),
  channel: z.enum(['mail', 'webhook']),
});

/** The job that sends one message of an episode on one channel. */
const sendNotificationJob = defineJob('alerts.send-notification', {
  parse(stored: unknown): NotificationPayload {
    const read = notificationPayload.safeParse(stored);
    if (!read.success) throw AlertNotificationInvalid.create({ problem: z.prettifyError(read.error) });
    return read.data;
  },
});

/** What the alerts module is built from. */
interface AlertsDeps {
  store: Store;
  queue: JobQueue;
  clock: Clock;
  log: Logger;
  config: AppConfig;
  /** Resource health as every view reads it. */
  inbox: Pick<Inbox, 'health'>;
  graphFor: (clientName: string) => GraphClient;
  /** Checks webhook targets at save and connect time (default: from `server.egress_*`). */
  egress?: EgressGuard;
  /** Cron of the evaluation (default every minute). */
  evaluateCron?: string;
}

/** What one evaluation changed. */
interface EvaluationResult {
  opened: number;
  resolved: number;
}

/** What the notification job carries. */
type NotificationPayload = z.infer<typeof notificationPayload>;

const channelsOf = (rule: AlertRule): AlertChannel[] => [
  ...(rule.mail ? (['mail'] as const) : []),
  ...(rule.webhookUrl ? (['webhook'] as const) : []),
];

/** Builds alert rules, their evaluation (a scheduled task and `evaluateNow`) and the sending job. */
export function createAlerts(deps: AlertsDeps) {
  const { store, queue, clock, config } = deps;
  const log = deps.log.child({ module: 'alerts' });
  const egress = deps.egress ?? createEgressGuard(config.server.egress);
  const rules = createRuleService({
    store,
    clock,
    egress,
    context: {
      clientNames: config.clients.map((c) => c.name),
      hasHandlerSecret: config.server.handlerSecret !== null,
    },
  });
  const episodes = createEpisodeRepository();
  const sender = createAlertSender({ config, clock, egress, graphFor: deps.graphFor });

  /** Opens episodes for new findings and resolves those whose condition cleared, in one transaction per rule. */
  async function applyFindings(rule: AlertRule, findings: Finding[]): Promise<EvaluationResult> {
    const result = { opened: 0, resolved: 0 };
    const at = isoNow(clock);
    await store.transaction(async (trx) => {
      const notify = async (episodeId: string, event: AlertEvent) => {
        for (const channel of channelsOf(rule)) {
          const payload: NotificationPayload = { episodeId, event, channel };
          await queue.enqueue(trx, {
            job: sendNotificationJob,
            payload,
            uniqueKey: `alert:${episodeId}:${event}:${channel}`,
          });
        }
      };
      const open = await episodes.listOpen(trx, rule.id);
      const held = new Set(findings.map((f) => f.subject));
      for (const finding of findings) {
        if (open.some((e) => e.subject === finding.subject)) continue;
        const id = await episodes.open(trx, { ruleId: rule.id, ...finding, at });
        if (id === null) continue;
        result.opened += 1;
        await notify(id, 'opened');
      }
      for (const episode of open) {
        if (held.has(episode.subject) || !(await episodes.resolve(trx, episode.id, at))) continue;
        result.resolved += 1;
        await notify(episode.id, 'resolved');
      }
    });
    return result;
  }

  async function evaluateNow(): Promise<EvaluationResult> {
    const enabled = await rules.listEnabledUnmasked();
    const findings = await evaluateRules(enabled, { clock, config, health: deps.inbox.health });
    const total = { opened: 0, resolved: 0 };
    for (const rule of enabled) {
      const changed = await applyFindings(rule, findings.get(rule.id) ?? []);
      total.opened += changed.opened;
      total.resolved += changed.resolved;
    }
    if (total.opened + total.resolved > 0) log.info(total, 'alert episodes changed');
    return total;
  }

  async function sendNotification(payload: NotificationPayload): Promise<void> {
    const episode = await episodes.get(store.db, payload.episodeId);
    // A deleted rule takes its episodes along: nothing left to tell.
    if (!episode) return;
    if (await episodes.wasSent(store.db, payload)) return;
    const rule = await rules.getUnmasked(episode.rule_id);
    if (payload.channel === 'mail' && rule.mail)
      await sender.sendMail(rule, rule.mail, episode, payload.event);
    else if (payload.channel === 'webhook' && rule.webhookUrl)
      await sender.sendWebhook(rule, rule.webhookUrl, episode, payload.event);
    else return; // The channel was removed from the rule since.
    await episodes.markSent(store.db, { ...payload, at: isoNow(clock) });
    log.info({ episodeId: episode.id, event: payload.event, channel: payload.channel }, 'alert sent');
  }

  const jobHandlers = collectJobHandlers(handleJob(sendNotificationJob, sendNotification));

  return {
    rules,
    /** Episodes newest first, with what was sent for each. */
    listEpisodes: (options?: { open?: boolean; ruleId?: string; limit?: number }): Promise<AlertEpisode[]> =>
      episodes.list(store.db, options),
    /** Evaluates every enabled rule now (the scheduled task does this every minute). */
    evaluateNow,
    jobHandlers,
    scheduledTasks: [
      { name: 'alerts.evaluate-rules', cron: deps.evaluateCron ?? '* * * * *', run: () => evaluateNow() },
    ],
  };
}

/** The alerts module's type. */
export type Alerts = ReturnType<typeof createAlerts>;
