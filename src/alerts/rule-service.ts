import { AlertRuleInvalid, isAppError, NotFound } from '../errors/index.js';
import type { EgressGuard } from '../egress/index.js';
import { restorePassword } from '../helpdesk/index.js';
import { timeOrderedId } from '../jobs/index.js';
import { isoNow, type Clock } from '../shared/index.js';
import type { Store } from '../store/index.js';
import {
  maskRule,
  normaliseInput,
  ruleFromRow,
  rowFromRule,
  type AlertRule,
  type AlertRuleInput,
} from './alert-rule.js';
import { validateRule, type RuleValidationContext } from './rule-validation.js';

/** Creates, lists, replaces and deletes alert rules; every answer has the SMTP password masked. */
export function createRuleService(deps: {
  store: Store;
  clock: Clock;
  egress: EgressGuard;
  context: RuleValidationContext;
}) {
  const { store, clock, egress, context } = deps;
  const db = store.db;

  const read = async (id: string): Promise<AlertRule> => {
    const row = await db.selectFrom('alert_rules').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw NotFound.create({ what: 'alert rule', id });
    return ruleFromRow(row);
  };

  /** The whole rule checked: fields first, then the webhook's address through the egress guard. */
  const check = async (candidate: ReturnType<typeof normaliseInput>): Promise<void> => {
    const problems = validateRule(candidate, context);
    if (problems.length === 0 && candidate.webhookUrl !== null) {
      try {
        await egress.checkTarget(candidate.webhookUrl);
      } catch (error) {
        if (!isAppError(error)) throw error;
        problems.push(`webhookUrl: ${error.message}`);
      }
    }
    if (problems.length > 0) throw AlertRuleInvalid.create({ problems });
  };

  return {
    /** Every rule, oldest first. */
    async list(): Promise<AlertRule[]> {
      const rows = await db.selectFrom('alert_rules').selectAll().orderBy('id').execute();
      return rows.map((row) => maskRule(ruleFromRow(row)));
    },
    /** Every enabled rule with its secrets, for the evaluator and the senders only. */
    async listEnabledUnmasked(): Promise<AlertRule[]> {
      const rows = await db.selectFrom('alert_rules').selectAll().where('enabled', '=', 1).execute();
      return rows.map(ruleFromRow);
    },
    async get(id: string): Promise<AlertRule> {
      return maskRule(await read(id));
    },
    /** The rule with its secrets (the sender). */
    getUnmasked: read,
    async create(input: AlertRuleInput): Promise<AlertRule> {
      const candidate = normaliseInput(input);
      await check(candidate);
      const at = isoNow(clock);
      const rule: AlertRule = { ...candidate, id: timeOrderedId(), createdAt: at, updatedAt: at };
      await db.insertInto('alert_rules').values(rowFromRule(rule)).execute();
      return maskRule(rule);
    },
    /** Replaces a rule; an SMTP URL sent back masked keeps the stored password. */
    async replace(id: string, input: AlertRuleInput): Promise<AlertRule> {
      const current = await read(id);
      const candidate = normaliseInput(input);
      if (candidate.mail?.transport === 'smtp') {
        const stored = current.mail?.transport === 'smtp' ? current.mail.smtpUrl : null;
        candidate.mail = {
          ...candidate.mail,
          smtpUrl: restorePassword(candidate.mail.smtpUrl, stored) ?? '',
        };
      }
      await check(candidate);
      const rule: AlertRule = { ...candidate, id, createdAt: current.createdAt, updatedAt: isoNow(clock) };
      const { id: _id, created_at: _created, ...changes } = rowFromRule(rule);
      await db.updateTable('alert_rules').set(changes).where('id', '=', id).execute();
      return maskRule(rule);
    },
    /** Deletes a rule with its episodes (no resolved message is sent for them). */
    async remove(id: string): Promise<void> {
      await read(id);
      await db.deleteFrom('alert_rules').where('id', '=', id).execute();
    },
  };
}
