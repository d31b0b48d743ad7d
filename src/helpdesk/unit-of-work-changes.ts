import type { Transaction } from 'kysely';
import { HelpdeskNumberUnavailable } from '../errors/index.js';
import type {
  CompaniesTable,
  Database,
  HelpdeskDocumentsTable,
  HelpdeskMessageIdsTable,
  HelpdeskNotesTable,
  HelpdesksTable,
  HelpdeskTypesTable,
  PersonsTable,
} from '../store/index.js';
import type { AutoReplyRequest, AutoReplyScheduler } from './auto-reply/auto-reply-request.js';
import type { HelpdeskChanges, HelpdeskModel } from './helpdesk-model.js';

/** One change a committed unit of work writes, in the order it writes them. */
export type Change =
  | { kind: 'insert-company'; row: CompaniesTable }
  | { kind: 'insert-person'; row: PersonsTable }
  | { kind: 'insert-type'; row: HelpdeskTypesTable }
  | { kind: 'insert-helpdesk'; model: HelpdeskModel; row: Omit<HelpdesksTable, 'updated_at'> }
  | { kind: 'update-helpdesk'; id: string; changes: HelpdeskChanges }
  | { kind: 'insert-message-id'; row: HelpdeskMessageIdsTable }
  | { kind: 'insert-note'; row: HelpdeskNotesTable }
  | { kind: 'insert-document'; row: HelpdeskDocumentsTable }
  | { kind: 'request-auto-reply'; request: AutoReplyRequest };

/** What applying needs besides the transaction. */
interface ApplyContext {
  now: string;
  /** A number no committed helpdesk has, as far as `trx` can see. */
  freshNumber(trx: Transaction<Database>): Promise<string>;
  /** Enqueues auto-replies in `trx`; without it, requests are dropped (no auto-replies wired). */
  autoReplies?: AutoReplyScheduler;
}

type Applier<K extends Change['kind']> = (
  trx: Transaction<Database>,
  change: Extract<Change, { kind: K }>,
  context: ApplyContext,
) => Promise<void>;

const maxNumberAttempts = 8;

/** Inserts a new helpdesk; when another transaction took its number meanwhile, it draws another. */
const insertHelpdesk: Applier<'insert-helpdesk'> = async (trx, change, context) => {
  for (let attempt = 1; attempt <= maxNumberAttempts; attempt++) {
    const inserted = await trx
      .insertInto('helpdesks')
      .values({ ...change.row, updated_at: context.now })
      // DO NOTHING instead of failing: a unique violation would abort the whole PostgreSQL transaction.
      .onConflict((oc) => oc.column('number').doNothing())
      .returning('id')
      .executeTakeFirst();
    if (inserted) return;
    change.row.number = await context.freshNumber(trx);
    change.model.setNumber(change.row.number);
  }
  throw HelpdeskNumberUnavailable.create({ attempts: maxNumberAttempts });
};

const appliers: { [K in Change['kind']]: Applier<K> } = {
  'insert-company': async (trx, change) =>
    void (await trx.insertInto('companies').values(change.row).execute()),
  'insert-person': async (trx, change) => void (await trx.insertInto('persons').values(change.row).execute()),
  'insert-type': async (trx, change) =>
    void (await trx.insertInto('helpdesk_types').values(change.row).execute()),
  'insert-helpdesk': insertHelpdesk,
  'update-helpdesk': async (trx, change, context) => {
    await trx
      .updateTable('helpdesks')
      .set({ ...change.changes, updated_at: context.now })
      .where('id', '=', change.id)
      .execute();
  },
  'insert-message-id': async (trx, change) => {
    await trx
      .insertInto('helpdesk_message_ids')
      .values(change.row)
      .onConflict((oc) => oc.columns(['helpdesk_id', 'internet_message_id']).doNothing())
      .execute();
  },
  'insert-note': async (trx, change) =>
    void (await trx.insertInto('helpdesk_notes').values(change.row).execute()),
  'insert-document': async (trx, change) => {
    await trx.insertInto('helpdesk_documents').values(change.row).execute();
  },
  // In the ledger's transaction: the job exists exactly when the ticket does.
  'request-auto-reply': async (trx, change, context) => context.autoReplies?.schedule(trx, change.request),
};

/** Writes every change in order inside the caller's transaction. */
export async function applyChanges(
  trx: Transaction<Database>,
  changes: readonly Change[],
  context: ApplyContext,
): Promise<void> {
  for (const change of changes) {
    await (appliers[change.kind] as Applier<Change['kind']>)(trx, change, context);
  }
}
