import type { Kysely } from 'kysely';
import { timeOrderedId } from '../jobs/index.js';
import type { AlertEpisodesTable, Database } from '../store/index.js';

/** An opened or resolved message of an episode. */
export type AlertEvent = 'opened' | 'resolved';
/** Where an alert message goes. */
export type AlertChannel = 'mail' | 'webhook';

/** An episode as the API shows it, with what was sent for it. */
export interface AlertEpisode {
  id: string;
  ruleId: string;
  subject: string;
  title: string;
  detail: string;
  openedAt: string;
  resolvedAt: string | null;
  notifications: Array<{ event: AlertEvent; channel: AlertChannel; sentAt: string }>;
}

/**
 * Episodes of alert rules. Opening and resolving are claims: the unique key (rule, open subject) lets one
 * insert win, and `resolved_at IS NULL` lets one update win — on however many instances evaluate at once.
 */
export function createEpisodeRepository() {
  return {
    /** Open episodes of a rule. */
    listOpen(db: Kysely<Database>, ruleId: string): Promise<AlertEpisodesTable[]> {
      return db
        .selectFrom('alert_episodes')
        .selectAll()
        .where('rule_id', '=', ruleId)
        .where('resolved_at', 'is', null)
        .execute();
    },
    /** Opens an episode unless one is open for (rule, subject); the new id, or null when another holds it. */
    async open(
      db: Kysely<Database>,
      input: { ruleId: string; subject: string; title: string; detail: string; at: string },
    ): Promise<string | null> {
      const id = timeOrderedId();
      const result = await db
        .insertInto('alert_episodes')
        .values({
          id,
          rule_id: input.ruleId,
          subject: input.subject,
          open_subject: input.subject,
          title: input.title,
          detail: input.detail,
          opened_at: input.at,
          resolved_at: null,
        })
        .onConflict((oc) => oc.columns(['rule_id', 'open_subject']).doNothing())
        .executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0) === 1 ? id : null;
    },
    /** Resolves an open episode; true for the one caller that did. */
    async resolve(db: Kysely<Database>, episodeId: string, at: string): Promise<boolean> {
      const result = await db
        .updateTable('alert_episodes')
        .set({ resolved_at: at, open_subject: null })
        .where('id', '=', episodeId)
        .where('resolved_at', 'is', null)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },
    get(db: Kysely<Database>, episodeId: string): Promise<AlertEpisodesTable | undefined> {
      return db.selectFrom('alert_episodes').selectAll().where('id', '=', episodeId).executeTakeFirst();
    },
    async wasSent(
      db: Kysely<Database>,
      key: { episodeId: string; event: AlertEvent; channel: AlertChannel },
    ) {
      const row = await db
        .selectFrom('alert_notifications')
        .select('sent_at')
        .where('episode_id', '=', key.episodeId)
        .where('event', '=', key.event)
        .where('channel', '=', key.channel)
        .executeTakeFirst();
      return row !== undefined;
    },
    async markSent(
      db: Kysely<Database>,
      key: { episodeId: string; event: AlertEvent; channel: AlertChannel; at: string },
    ): Promise<void> {
      await db
        .insertInto('alert_notifications')
        .values({ episode_id: key.episodeId, event: key.event, channel: key.channel, sent_at: key.at })
        .onConflict((oc) => oc.columns(['episode_id', 'event', 'channel']).doNothing())
        .execute();
    },
    /** Episodes newest first, open only when asked, with their notifications. */
    async list(
      db: Kysely<Database>,
      options: { open?: boolean; ruleId?: string; limit?: number } = {},
    ): Promise<AlertEpisode[]> {
      let query = db.selectFrom('alert_episodes').selectAll();
      if (options.open === true) query = query.where('resolved_at', 'is', null);
      if (options.open === false) query = query.where('resolved_at', 'is not', null);
      if (options.ruleId) query = query.where('rule_id', '=', options.ruleId);
      const rows = await query
        .orderBy('opened_at', 'desc')
        .orderBy('id', 'desc')
        .limit(options.limit ?? 100)
        .execute();
      const ids = rows.map((r) => r.id);
      const sent =
        ids.length === 0
          ? []
          : await db.selectFrom('alert_notifications').selectAll().where('episode_id', 'in', ids).execute();
      return rows.map((r) => ({
        id: r.id,
        ruleId: r.rule_id,
        subject: r.subject,
        title: r.title,
        detail: r.detail,
        openedAt: r.opened_at,
        resolvedAt: r.resolved_at,
        notifications: sent
          .filter((n) => n.episode_id === r.id)
          .map((n) => ({
            event: n.event as AlertEvent,
            channel: n.channel as AlertChannel,
            sentAt: n.sent_at,
          })),
      }));
    },
  };
}
