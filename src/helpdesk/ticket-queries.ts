import { sql, type ExpressionBuilder, type Kysely } from 'kysely';
import type { Database } from '../store/index.js';
import type { AssigneeDirectory, AssigneeNames } from './assignee-directory.js';

/** A helpdesk as the admin list shows it. */
export interface TicketSummary {
  id: string;
  number: string;
  title: string;
  status: { key: string; label: string };
  type: { id: string; key: string; name: string } | null;
  person: { id: string; name: string; email: string | null } | null;
  company: { id: string; name: string } | null;
  subscriptionEmail: string | null;
  sourceMessageId: string | null;
  /** Whom agents assigned the ticket to: a user of the admin UI or a group; null when unassigned. */
  assignee: { kind: 'user' | 'group'; id: string; name: string } | null;
  createdAt: string;
  updatedAt: string;
}

/** One page of helpdesks, most recently updated first. */
export interface TicketPage {
  items: TicketSummary[];
  page: number;
  pageSize: number;
  total: number;
}

/** A history note as the admin shows it. */
interface TicketNote {
  id: string;
  kind: string;
  html: string | null;
  text: string | null;
  authorAddress: string | null;
  createdAt: string;
}

/** A stored document as the admin shows it; `storedPath` is relative to the data dir. */
interface TicketDocument {
  id: string;
  fileName: string;
  storedPath: string;
  sizeBytes: number;
  contentType: string;
  kind: string;
  createdAt: string;
}

/** A helpdesk with its history, documents and the mails (Message-IDs) on it. */
export interface TicketDetail extends TicketSummary {
  notes: TicketNote[];
  documents: TicketDocument[];
  messages: Array<{
    internetMessageId: string;
    kind: string;
    ledgerMessageId: string | null;
    createdAt: string;
  }>;
}

/** Filter and page of `listTickets`; pages start at 1, `pageSize` is at most 200 (default 50). */
export interface ListTicketsOptions {
  status?: string;
  /** Words matched (case-insensitive) in the number, title, sender (address or person) and history text. */
  q?: string;
  /** Type key. */
  type?: string;
  /** `user:<id>`, `group:<id>` or `none` (unassigned). */
  assignee?: string;
  /** The watched mailbox the ticket came in through. */
  inbox?: string;
  page?: number;
  pageSize?: number;
}

type Db = Kysely<Database>;

function summaries(db: Db) {
  return db
    .selectFrom('helpdesks as h')
    .leftJoin('helpdesk_statuses as s', 's.key', 'h.status')
    .leftJoin('helpdesk_types as t', 't.id', 'h.type_id')
    .leftJoin('persons as p', 'p.id', 'h.person_id')
    .leftJoin('companies as c', 'c.id', 'h.company_id')
    .select([
      'h.id',
      'h.number',
      'h.title',
      'h.status',
      's.label as status_label',
      't.id as type_id',
      't.key as type_key',
      't.name as type_name',
      'p.id as person_id',
      'p.name as person_name',
      'p.email as person_email',
      'c.id as company_id',
      'c.name as company_name',
      'h.subscription_email',
      'h.source_message_id',
      'h.assignee_user_id',
      'h.assignee_group_id',
      'h.created_at',
      'h.updated_at',
    ]);
}

type SummaryRow = Awaited<ReturnType<ReturnType<typeof summaries>['executeTakeFirstOrThrow']>>;

/** The names of the users and groups these rows are assigned to, in one call. */
const assigneeNamesOf = (assignees: AssigneeDirectory, rows: readonly SummaryRow[]) =>
  assignees.namesOf({
    userIds: [...new Set(rows.flatMap((r) => (r.assignee_user_id ? [r.assignee_user_id] : [])))],
    groupIds: [...new Set(rows.flatMap((r) => (r.assignee_group_id ? [r.assignee_group_id] : [])))],
  });

const toSummary = (r: SummaryRow, names: AssigneeNames): TicketSummary => ({
  id: r.id,
  number: r.number,
  title: r.title,
  status: { key: r.status, label: r.status_label ?? r.status },
  type: r.type_id ? { id: r.type_id, key: r.type_key ?? '', name: r.type_name ?? '' } : null,
  person: r.person_id ? { id: r.person_id, name: r.person_name ?? '', email: r.person_email } : null,
  company: r.company_id ? { id: r.company_id, name: r.company_name ?? '' } : null,
  subscriptionEmail: r.subscription_email,
  sourceMessageId: r.source_message_id,
  assignee: r.assignee_user_id
    ? { kind: 'user', id: r.assignee_user_id, name: names.users.get(r.assignee_user_id) ?? '' }
    : r.assignee_group_id
      ? { kind: 'group', id: r.assignee_group_id, name: names.groups.get(r.assignee_group_id) ?? '' }
      : null,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

type Summaries = ReturnType<typeof summaries>;
type Eb = ExpressionBuilder<
  Database & { h: Database['helpdesks']; p: Database['persons'] },
  'h' | 'p' | 'helpdesks' | 'persons'
>;

/** `%word%` for LIKE, with `%`, `_` and `\` of the word matched literally. */
const containing = (word: string) => `%${word.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

function matchesWord(eb: Eb, word: string) {
  const pattern = containing(word);
  const like = (column: string) => sql<boolean>`lower(${sql.ref(column)}) like ${pattern} escape '\\'`;
  return eb.or([
    eb('h.number', '=', word.replace(/^\[|\]$/g, '').toLowerCase()),
    like('h.title'),
    like('p.email'),
    like('p.name'),
    eb.exists(
      eb
        .selectFrom('helpdesk_notes as n')
        .select('n.id')
        .whereRef('n.helpdesk_id', '=', 'h.id')
        .where((nb) =>
          nb.or([
            sql<boolean>`lower(n.text) like ${pattern} escape '\\'`,
            sql<boolean>`lower(n.author_address) like ${pattern} escape '\\'`,
          ]),
        ),
    ),
  ]);
}

function filtered(query: Summaries, options: ListTicketsOptions): Summaries {
  let q = query;
  if (options.status) q = q.where('h.status', '=', options.status);
  if (options.type) q = q.where('t.key', '=', options.type);
  if (options.inbox) q = q.where('h.subscription_email', '=', options.inbox.trim().toLowerCase());
  const assignee = options.assignee ?? '';
  if (assignee === 'none')
    q = q.where('h.assignee_user_id', 'is', null).where('h.assignee_group_id', 'is', null);
  else if (assignee.startsWith('user:')) q = q.where('h.assignee_user_id', '=', assignee.slice(5));
  else if (assignee.startsWith('group:')) q = q.where('h.assignee_group_id', '=', assignee.slice(6));
  for (const word of (options.q ?? '').split(/\s+/).filter(Boolean).slice(0, 10)) {
    q = q.where((eb) => matchesWord(eb as unknown as Eb, word));
  }
  return q;
}

/**
 * A page of helpdesks, filtered (status, type, assignee, inbox, search words), most recently updated first. One
 * query: the total comes with the rows as a window count; only a page past the end needs a second query.
 */
export async function listTickets(
  db: Db,
  assignees: AssigneeDirectory,
  options: ListTicketsOptions = {},
): Promise<TicketPage> {
  const page = Math.max(1, Math.floor(options.page ?? 1));
  const pageSize = Math.min(200, Math.max(1, Math.floor(options.pageSize ?? 50)));
  const query = filtered(summaries(db), options);
  const rows = await query
    .select(sql<number | string>`count(*) over ()`.as('total_count'))
    .orderBy('h.updated_at', 'desc')
    .orderBy('h.id')
    .limit(pageSize)
    .offset((page - 1) * pageSize)
    .execute();
  let total = Number(rows[0]?.total_count ?? 0);
  if (rows.length === 0 && page > 1) {
    const counted = await filtered(summaries(db), options)
      .clearSelect()
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .executeTakeFirstOrThrow();
    total = Number(counted.n);
  }
  const names = await assigneeNamesOf(assignees, rows);
  return { items: rows.map((row) => toSummary(row, names)), page, pageSize, total };
}

/** A helpdesk with its notes (oldest first), documents and Message-IDs; null when there is none. */
export async function getTicket(
  db: Db,
  assignees: AssigneeDirectory,
  id: string,
): Promise<TicketDetail | null> {
  const row = await summaries(db).where('h.id', '=', id).executeTakeFirst();
  if (!row) return null;
  const [names, notes, documents, messages] = await Promise.all([
    assigneeNamesOf(assignees, [row]),
    db
      .selectFrom('helpdesk_notes')
      .selectAll()
      .where('helpdesk_id', '=', id)
      .orderBy('created_at')
      .orderBy('id')
      .execute(),
    db
      .selectFrom('helpdesk_documents')
      .selectAll()
      .where('helpdesk_id', '=', id)
      .orderBy('created_at')
      .orderBy('id')
      .execute(),
    db
      .selectFrom('helpdesk_message_ids')
      .selectAll()
      .where('helpdesk_id', '=', id)
      .orderBy('created_at')
      .execute(),
  ]);
  return {
    ...toSummary(row, names),
    notes: notes.map((n) => ({
      id: n.id,
      kind: n.kind,
      html: n.html,
      text: n.text,
      authorAddress: n.author_address,
      createdAt: n.created_at,
    })),
    documents: documents.map((d) => ({
      id: d.id,
      fileName: d.file_name,
      storedPath: d.stored_path,
      sizeBytes: d.size_bytes,
      contentType: d.content_type,
      kind: d.kind,
      createdAt: d.created_at,
    })),
    messages: messages.map((m) => ({
      internetMessageId: m.internet_message_id,
      kind: m.kind,
      ledgerMessageId: m.ledger_message_id,
      createdAt: m.created_at,
    })),
  };
}

/** The helpdesk a mail of the ledger went to (created or was added to); null when none. */
export async function findTicketForMessage(
  db: Db,
  ledgerMessageId: string,
): Promise<{ id: string; number: string; title: string } | null> {
  const row = await db
    .selectFrom('helpdesk_message_ids as m')
    .innerJoin('helpdesks as h', 'h.id', 'm.helpdesk_id')
    .select(['h.id', 'h.number', 'h.title'])
    .where('m.ledger_message_id', '=', ledgerMessageId)
    .executeTakeFirst();
  if (row) return row;
  const created = await db
    .selectFrom('helpdesks')
    .select(['id', 'number', 'title'])
    .where('source_message_id', '=', ledgerMessageId)
    .executeTakeFirst();
  return created ?? null;
}
