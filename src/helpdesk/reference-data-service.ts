import type { Transaction } from 'kysely';
import type { Clock } from '../shared/index.js';
import type { Database, Store } from '../store/index.js';
import { createContactService } from './reference-contacts.js';
import { createOptionService } from './reference-options.js';

/** Reference data as admins manage it: persons, companies, ticket types and statuses (archived, never deleted). */
export function createReferenceDataService(deps: { store: Pick<Store, 'db' | 'transaction'>; clock: Clock }) {
  const transaction = <T>(fn: (trx: Transaction<Database>) => Promise<T>) => deps.store.transaction(fn);
  return {
    ...createContactService({ db: deps.store.db, clock: deps.clock }),
    ...createOptionService({ db: deps.store.db, transaction, clock: deps.clock }),
  };
}

/** Persons, companies, ticket types and statuses, each with list, create, update and setArchived. */
export type ReferenceDataService = ReturnType<typeof createReferenceDataService>;
