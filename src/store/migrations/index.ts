import type { Migration } from 'kysely';
import { createJobs } from './0001-create-jobs.js';
import { createScheduledRuns } from './0002-create-scheduled-runs.js';
import { createInbox } from './0003-create-inbox.js';
import { createHelpdesk } from './0004-create-helpdesk.js';
import { addMailFlags } from './0005-add-mail-flags.js';
import { createAuth } from './0006-create-auth.js';
import { createAutoReplies } from './0007-create-auto-replies.js';
import { addMailHealth } from './0008-add-mail-health.js';
import { createAuditLog } from './0009-create-audit-log.js';
import { createGraphBudget } from './0010-create-graph-budget.js';
import { ticketActions } from './0011-ticket-actions.js';
import { archiveReferenceData } from './0012-archive-reference-data.js';
import { createAlerts } from './0013-create-alerts.js';
import { addGoneStatus } from './0014-add-gone-status.js';

/** Every migration, valid on SQLite and PostgreSQL, keyed by name; names sort in the order they apply. */
export const migrations: Readonly<Record<string, Migration>> = Object.freeze({
  '0001-create-jobs': createJobs,
  '0002-create-scheduled-runs': createScheduledRuns,
  '0003-create-inbox': createInbox,
  '0004-create-helpdesk': createHelpdesk,
  '0005-add-mail-flags': addMailFlags,
  '0006-create-auth': createAuth,
  '0007-create-auto-replies': createAutoReplies,
  '0008-add-mail-health': addMailHealth,
  '0009-create-audit-log': createAuditLog,
  '0010-create-graph-budget': createGraphBudget,
  '0011-ticket-actions': ticketActions,
  '0012-archive-reference-data': archiveReferenceData,
  '0013-create-alerts': createAlerts,
  '0014-add-gone-status': addGoneStatus,
});
