import type { Kysely } from 'kysely';
import { AutoReplySettingsInvalid, NotFound } from '../../errors/index.js';
import { findWatchedMailbox, listWatchedMailboxes } from '../../inbox/index.js';
import { isoNow, type Clock } from '../../shared/index.js';
import type { Database } from '../../store/index.js';
import { listLog, type AutoReplyLogEntry, type AutoReplyOutcome } from './auto-reply-log.js';
import {
  defaultAutoReplySettings,
  maskSmtpUrl,
  rowFromSettings,
  settingsFromRow,
  type AutoReplySettings,
  type AutoReplySettingsInput,
} from './auto-reply-settings.js';
import { validateAutoReplySettings } from './settings-validation.js';

/** Reads and changes the auto-reply settings of resources, and lists what their auto-replies did. */
export interface AutoReplySettingsService {
  /** The settings (defaults, off, for a resource never configured); the SMTP password masked. */
  get(resourceId: string): Promise<AutoReplySettings>;
  /** Changes the given fields; throws `MSI_AUTO_REPLY_SETTINGS_INVALID` listing every problem. */
  update(resourceId: string, input: AutoReplySettingsInput): Promise<AutoReplySettings>;
  /** Sent, suppressed (with the reason) and failed auto-replies of a resource, newest first. */
  listLog(
    resourceId: string,
    options?: { outcome?: AutoReplyOutcome; limit?: number },
  ): Promise<AutoReplyLogEntry[]>;
}

const mask = '****';

/** An SMTP URL sent back with the masked password keeps the stored password. */
export function restorePassword(next: string | null, current: string | null): string | null {
  if (!next || !current) return next;
  try {
    const url = new URL(next);
    if (url.password !== mask) return next;
    url.password = new URL(current).password;
    return url.toString();
  } catch {
    return next;
  }
}

/** Builds the settings service over the database. */
export function createAutoReplySettingsService(deps: {
  db: Kysely<Database>;
  clock: Clock;
}): AutoReplySettingsService {
  const { db, clock } = deps;

  const read = async (resourceId: string) => {
    if (!(await findWatchedMailbox(db, resourceId)))
      throw NotFound.create({ what: 'resource', id: resourceId });
    const row = await db
      .selectFrom('auto_reply_settings')
      .selectAll()
      .where('resource_id', '=', resourceId)
      .executeTakeFirst();
    return { row, settings: row ? settingsFromRow(row) : defaultAutoReplySettings(resourceId) };
  };
  const masked = (settings: AutoReplySettings) => ({ ...settings, smtpUrl: maskSmtpUrl(settings.smtpUrl) });

  return {
    async get(resourceId) {
      return masked((await read(resourceId)).settings);
    },
    async update(resourceId, input) {
      const { row, settings: current } = await read(resourceId);
      const next: AutoReplySettings = {
        ...current,
        ...input,
        limits: { ...current.limits, ...input.limits },
        resourceId,
      };
      if (input.smtpUrl !== undefined) next.smtpUrl = restorePassword(input.smtpUrl, current.smtpUrl);
      const problems = validateAutoReplySettings(next);
      if (problems.length > 0) throw AutoReplySettingsInvalid.create({ problems });
      const at = isoNow(clock);
      const values = rowFromSettings(next, { createdAt: row?.created_at ?? at, updatedAt: at });
      const { resource_id: _key, created_at: _created, ...changes } = values;
      await db
        .insertInto('auto_reply_settings')
        .values(values)
        .onConflict((oc) => oc.column('resource_id').doUpdateSet(changes))
        .execute();
      return masked(next);
    },
    async listLog(resourceId, options) {
      await read(resourceId);
      return listLog(db, resourceId, options);
    },
  };
}

/** True when a resource of the client sends auto-replies through Graph, so the client needs Mail.Send. */
export async function autoRepliesNeedMailSend(db: Kysely<Database>, clientName: string): Promise<boolean> {
  const resourceIds = (await listWatchedMailboxes(db, clientName)).map((mailbox) => mailbox.id);
  if (resourceIds.length === 0) return false;
  const row = await db
    .selectFrom('auto_reply_settings')
    .select('resource_id')
    .where('resource_id', 'in', resourceIds)
    .where('enabled', '=', 1)
    .where('transport', '=', 'graph')
    .executeTakeFirst();
  return row !== undefined;
}
