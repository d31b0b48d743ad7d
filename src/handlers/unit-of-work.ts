import type { Transaction } from 'kysely';
import type { Database } from '../store/index.js';

/** Marks committed units of work; `Symbol.for` so that two copies of this module still agree. */
export const committedBrand = Symbol.for('ms-inbox.committed-unit-of-work');

/**
 * What `uow.commit()` returns: changes, frozen, not yet written. Unlike Lime, `commit()` does not write: the
 * pipeline applies every unit of work a handler committed in the transaction that marks the mail Processed.
 * The helpdesk's unit of work is one; a plug-in of its own can make others.
 */
export interface CommittedUnitOfWork<Summary = unknown> {
  readonly [committedBrand]: true;
  /** What the ledger keeps as the handler result (JSON). */
  readonly summary: Summary;
  /** Writes the changes in the caller's transaction and returns what was written. */
  apply(trx: Transaction<Database>): Promise<Summary>;
}

/** What the endpoint adapter needs of an open unit of work: whether changes in it would be dropped. */
export interface OpenUnitOfWork {
  readonly isCommitted: boolean;
  readonly hasChanges: boolean;
}

/** True for what `uow.commit()` returns. */
export function isCommittedUnitOfWork(value: unknown): value is CommittedUnitOfWork {
  return (
    typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[committedBrand] === true
  );
}
