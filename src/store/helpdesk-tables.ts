import type { ColumnType } from 'kysely';

/** Row of `helpdesk_statuses`: one option of the configurable status set (`new`, `started`, `parked`, `done`). */
export interface HelpdeskStatusesTable {
  key: string;
  label: string;
  sort_order: number;
  /** 1 for the status a new helpdesk starts in (exactly one row). */
  is_default: number;
  /** 1 for statuses that mean the work is over (`done`). */
  is_closed: number;
  /** When an admin archived it: hidden from pickers and sender identification, kept on tickets. */
  archived_at: string | null;
  created_at: string;
}

/** Row of `helpdesk_types`: a category of helpdesk (e.g. billing), chosen by key in handlers. */
export interface HelpdeskTypesTable {
  id: string;
  key: string;
  name: string;
  /** When an admin archived it: hidden from pickers and sender identification, kept on tickets. */
  archived_at: string | null;
  created_at: string;
}

/** Row of `companies`. `email` is lower-cased; `website` is kept as entered. */
export interface CompaniesTable {
  id: string;
  name: string;
  email: string | null;
  website: string | null;
  /** When an admin archived it: hidden from pickers and sender identification, kept on tickets. */
  archived_at: string | null;
  created_at: string;
  updated_at: string;
}

/** Row of `persons`. `email` is lower-cased. */
export interface PersonsTable {
  id: string;
  name: string;
  email: string | null;
  company_id: string | null;
  /** When an admin archived it: hidden from pickers and sender identification, kept on tickets. */
  archived_at: string | null;
  created_at: string;
  updated_at: string;
}

/** Row of `helpdesks`: one ticket. `number` is the short unique code shown in subjects (`[abc123]`). */
export interface HelpdesksTable {
  id: string;
  number: string;
  title: string;
  status: string;
  type_id: string | null;
  person_id: string | null;
  company_id: string | null;
  /** The watched mailbox the first mail came to (the seed's hidden field), the auto-reply's from address. */
  subscription_email: string | null;
  /** Ledger id (`messages.id`) of the mail that created the helpdesk. */
  source_message_id: string | null;
  created_at: string;
  updated_at: string;
}

/** An assignee column: null until an agent assigns the ticket, so inserts may leave it out. */
type Assignee = ColumnType<string | null, string | null | undefined, string | null>;

/** The assignee columns of `helpdesks` (agents' work): a user (`users.id`) or a group (`user_groups.id`), not both. */
export interface HelpdeskAssigneeColumns {
  assignee_user_id: Assignee;
  assignee_group_id: Assignee;
}

/** Row of `helpdesk_notes`: the history of a helpdesk (mails, notices such as an ambiguous sender). */
export interface HelpdeskNotesTable {
  id: string;
  helpdesk_id: string;
  /**
   * `email` for a mail, `notice` for what ms-inbox records about its own choices, `note` for an agent's internal
   * note, `event` for an agent's change (status, type, assignee), `reply` for a reply sent to the customer.
   */
  kind: string;
  html: string | null;
  text: string | null;
  author_address: string | null;
  created_at: string;
}

/** Row of `helpdesk_documents`: a file kept under the data dir (attachments, the mail as `.eml`). */
export interface HelpdeskDocumentsTable {
  id: string;
  helpdesk_id: string;
  /** Display name as the mail gave it. */
  file_name: string;
  /** Path relative to the data dir, always with `/`, always inside `documents/`. */
  stored_path: string;
  size_bytes: number;
  content_type: string;
  /** `attachment` or `email`. */
  kind: string;
  created_at: string;
}

/** Row of `helpdesk_message_ids`: a Message-ID on a helpdesk, for threading replies (mails and auto-replies). */
export interface HelpdeskMessageIdsTable {
  id: string;
  helpdesk_id: string;
  /** With angle brackets, as in headers: `<id@host>`. */
  internet_message_id: string;
  conversation_id: string | null;
  /** Lower-cased watched mailbox, because Graph conversation ids are per mailbox. */
  mailbox: string | null;
  ledger_message_id: string | null;
  /** `mail` for a received mail, `autoreply` for one ms-inbox sent, `reply` for an agent's reply. */
  kind: string;
  created_at: string;
}
