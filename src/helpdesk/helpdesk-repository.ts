import type { Kysely, Selectable } from 'kysely';
import type { Database, HelpdesksTable } from '../store/index.js';
import { createHelpdeskModel, type Helpdesk } from './helpdesk-model.js';
import { findCompany, findPerson, findType, listStatuses } from './reference-repository.js';

type Db = Kysely<Database>;

/** Builds the helpdesk of a stored row, with its status options and linked type, person and company. */
async function loadHelpdesk(db: Db, row: Selectable<HelpdesksTable>): Promise<Helpdesk> {
  const [statuses, type, person, company] = await Promise.all([
    listStatuses(db),
    row.type_id ? findType(db, { id: row.type_id }) : null,
    row.person_id ? findPerson(db, row.person_id) : null,
    row.company_id ? findCompany(db, row.company_id) : null,
  ]);
  return createHelpdeskModel({ row, isNew: false, statuses, type, person, company }).helpdesk;
}

/** The helpdesk with this id; null when there is none. */
export async function findHelpdeskById(db: Db, id: string): Promise<Helpdesk | null> {
  const row = await db.selectFrom('helpdesks').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? loadHelpdesk(db, row) : null;
}

/** The number and title of the helpdesk created first (the demo answers it); null when there is none. */
export async function findOldestTicket(db: Db): Promise<{ number: string; title: string } | null> {
  const row = await db
    .selectFrom('helpdesks')
    .select(['number', 'title'])
    .orderBy('created_at')
    .limit(1)
    .executeTakeFirst();
  return row ?? null;
}

/** The helpdesk with this number (case-insensitive); null when there is none. */
export async function findHelpdeskByNumber(db: Db, number: string): Promise<Helpdesk | null> {
  const row = await db
    .selectFrom('helpdesks')
    .selectAll()
    .where('number', '=', number.toLowerCase())
    .executeTakeFirst();
  return row ? loadHelpdesk(db, row) : null;
}

/** The helpdesk that holds the first of `messageIds` (in the given order) any helpdesk holds. */
export async function findHelpdeskByMessageIds(
  db: Db,
  messageIds: readonly string[],
): Promise<Helpdesk | null> {
  if (messageIds.length === 0) return null;
  const rows = await db
    .selectFrom('helpdesk_message_ids')
    .select(['internet_message_id', 'helpdesk_id', 'created_at'])
    .where('internet_message_id', 'in', [...messageIds])
    .orderBy('created_at', 'desc')
    .execute();
  for (const id of messageIds) {
    const hit = rows.find((r) => r.internet_message_id === id);
    if (hit) return findHelpdeskById(db, hit.helpdesk_id);
  }
  return null;
}

/** The helpdesk that most recently took a mail of this Graph conversation in this mailbox. */
export async function findHelpdeskByConversation(
  db: Db,
  mailbox: string,
  conversationId: string,
): Promise<Helpdesk | null> {
  const row = await db
    .selectFrom('helpdesk_message_ids')
    .select('helpdesk_id')
    .where('mailbox', '=', mailbox.toLowerCase())
    .where('conversation_id', '=', conversationId)
    .orderBy('created_at', 'desc')
    .executeTakeFirst();
  return row ? findHelpdeskById(db, row.helpdesk_id) : null;
}

/** True when a mail with this Message-ID is already on a helpdesk (of this mailbox, when given). */
export async function hasMessageId(
  db: Db,
  internetMessageId: string,
  mailbox?: string | null,
): Promise<boolean> {
  let query = db
    .selectFrom('helpdesk_message_ids')
    .select('id')
    .where('internet_message_id', '=', internetMessageId)
    .where('kind', '=', 'mail');
  if (mailbox) query = query.where('mailbox', '=', mailbox.toLowerCase());
  return (await query.limit(1).executeTakeFirst()) !== undefined;
}
