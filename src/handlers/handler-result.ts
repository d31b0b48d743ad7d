import type { Transaction } from 'kysely';
import type { Logger } from '../shared/index.js';
import type { Database } from '../store/index.js';
import type { HandlerDecision } from './contract.js';
import { isCommittedUnitOfWork, type CommittedUnitOfWork } from './unit-of-work.js';

/** Committed units of work in what a handler returned: the value itself, or its array items or properties. */
function committedIn(value: unknown): CommittedUnitOfWork[] {
  if (isCommittedUnitOfWork(value)) return [value];
  if (Array.isArray(value)) return value.filter(isCommittedUnitOfWork);
  if (typeof value === 'object' && value !== null) return Object.values(value).filter(isCommittedUnitOfWork);
  return [];
}

/** What the ledger keeps of a return value: JSON, committed units of work as their summary. */
function resultOf(value: unknown): unknown {
  if (value === undefined || value === null || isCommittedUnitOfWork(value)) return undefined;
  try {
    const json = JSON.stringify(value, (_key, v: unknown) => (isCommittedUnitOfWork(v) ? v.summary : v));
    return json === undefined ? undefined : JSON.parse(json);
  } catch {
    // Circular objects, BigInt and the like: the outcome still counts, only the value is not kept.
    return { unserializable: typeof value };
  }
}

/**
 * The seed's outcome rules: `false` → Skipped; anything else → Processed, with every unit of work the handler
 * committed (returned or not) applied in the pipeline's transaction. A throw never gets here: it is Failed.
 */
export function decide(
  returned: unknown,
  session: { committed(): CommittedUnitOfWork[]; abandoned(): number },
  log: Logger,
): HandlerDecision {
  const committed = [...new Set([...session.committed(), ...committedIn(returned)])];
  if (returned === false) {
    if (committed.length > 0) log.warn('the handler returned false: its committed changes are not saved');
    return { status: 'skipped', reason: 'the handler returned false' };
  }
  if (session.abandoned() > 0)
    log.warn('a unit of work with changes was never committed: its changes are not saved');
  const result = resultOf(returned);
  const decision: HandlerDecision = { status: 'processed', ...(result === undefined ? {} : { result }) };
  if (committed.length === 0) return decision;
  return {
    ...decision,
    commit: async (trx: Transaction<Database>) => {
      const summaries = [];
      for (const unit of committed) summaries.push(await unit.apply(trx));
      return summaries.length === 1 ? summaries[0] : summaries;
    },
  };
}
