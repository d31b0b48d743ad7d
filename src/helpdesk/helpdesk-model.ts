import { HelpdeskStatusUnknown } from '../errors/index.js';
import type { HelpdesksTable } from '../store/index.js';

/** One option of the status set. */
export interface HelpdeskStatus {
  key: string;
  label: string;
  sortOrder: number;
  isDefault: boolean;
  isClosed: boolean;
  /** When an admin archived it (not offered for new changes); null or absent while in use. */
  archivedAt?: string | null;
}

/** A helpdesk type (category), chosen by key. */
export interface HelpdeskType {
  id: string;
  key: string;
  name: string;
  /** When an admin archived it (not used for new tickets); null or absent while in use. */
  archivedAt?: string | null;
}

/** A company helpdesks can be linked to. */
export interface Company {
  id: string;
  name: string;
  email: string | null;
  website: string | null;
  createdAt: string;
  updatedAt: string;
  /** When an admin archived it (sender identification skips it); null or absent while in use. */
  archivedAt?: string | null;
}

/** A person helpdesks can be linked to. */
export interface Person {
  id: string;
  name: string;
  email: string | null;
  companyId: string | null;
  createdAt: string;
  updatedAt: string;
  /** When an admin archived it (sender identification skips it); null or absent while in use. */
  archivedAt?: string | null;
}

/** The status of a helpdesk, changed by key as in the seed (`setByKey('started')`). */
interface StatusAccessor {
  readonly key: string;
  readonly value: HelpdeskStatus;
  readonly options: readonly HelpdeskStatus[];
  /** Throws `MSI_HELPDESK_STATUS_UNKNOWN` for a key outside the option set. */
  setByKey(key: string): void;
}

/** A link of a helpdesk to another object (type, person, company), as the seed's `attach`. */
interface LinkAccessor<T extends { id: string }> {
  readonly id: string | null;
  readonly value: T | null;
  attach(value: T): void;
  detach(): void;
}

/** Columns of a helpdesk a handler may change. */
export type HelpdeskChanges = Partial<
  Pick<HelpdesksTable, 'title' | 'status' | 'type_id' | 'person_id' | 'company_id' | 'subscription_email'>
>;

/** A helpdesk as handlers see it: read from the store or made by `processEmail`; saved by a unit of work. */
export interface Helpdesk {
  readonly id: string;
  /** The short code shown in subjects as `[number]`. */
  readonly number: string;
  /** True until the unit of work that created it is applied (the seed's `is_new`). */
  readonly isNew: boolean;
  title: string;
  /** The watched mailbox the first mail came to (the seed's hidden field). */
  subscriptionEmail: string | null;
  readonly status: StatusAccessor;
  readonly type: LinkAccessor<HelpdeskType>;
  readonly person: LinkAccessor<Person>;
  readonly company: LinkAccessor<Company>;
  /** Ledger id of the mail that created it. */
  readonly sourceMessageId: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
  /** Column changes not saved yet. */
  readonly changes: Readonly<HelpdeskChanges>;
}

/** A helpdesk plus what only its unit of work may do: give it another number when its own is taken. */
export interface HelpdeskModel {
  helpdesk: Helpdesk;
  setNumber(number: string): void;
}

/** Everything a helpdesk model is built from. */
interface HelpdeskModelInput {
  row: HelpdesksTable;
  isNew: boolean;
  statuses: readonly HelpdeskStatus[];
  type: HelpdeskType | null;
  person: Person | null;
  company: Company | null;
}

/** Builds the in-memory helpdesk whose changes a unit of work saves. */
export function createHelpdeskModel(input: HelpdeskModelInput): HelpdeskModel {
  const row = { ...input.row };
  const changes: HelpdeskChanges = {};
  const change = <K extends keyof HelpdeskChanges>(column: K, value: HelpdesksTable[K]): void => {
    row[column] = value;
    changes[column] = value;
  };
  const statusOf = (key: string): HelpdeskStatus | undefined => input.statuses.find((s) => s.key === key);

  const status: StatusAccessor = {
    get key() {
      return row.status;
    },
    get value() {
      return statusOf(row.status) ?? unknownStatus(row.status);
    },
    options: input.statuses,
    setByKey(key) {
      if (!statusOf(key)) {
        throw HelpdeskStatusUnknown.create({ key, known: input.statuses.map((s) => s.key) });
      }
      change('status', key);
    },
  };

  const helpdesk: Helpdesk = {
    id: row.id,
    get number() {
      return row.number;
    },
    isNew: input.isNew,
    get title() {
      return row.title;
    },
    set title(value: string) {
      change('title', value);
    },
    get subscriptionEmail() {
      return row.subscription_email;
    },
    set subscriptionEmail(value: string | null) {
      change('subscription_email', value);
    },
    status,
    type: createLink(input.type, (id) => change('type_id', id)),
    person: createLink(input.person, (id) => change('person_id', id)),
    company: createLink(input.company, (id) => change('company_id', id)),
    sourceMessageId: row.source_message_id,
    createdAt: row.created_at,
    get updatedAt() {
      return row.updated_at;
    },
    changes,
  };
  return { helpdesk, setNumber: (number) => void (row.number = number) };
}

/** The columns of a helpdesk as they are now, for inserting a new one. */
export function helpdeskRow(helpdesk: Helpdesk): Omit<HelpdesksTable, 'updated_at'> {
  return {
    id: helpdesk.id,
    number: helpdesk.number,
    title: helpdesk.title,
    status: helpdesk.status.key,
    type_id: helpdesk.type.id,
    person_id: helpdesk.person.id,
    company_id: helpdesk.company.id,
    subscription_email: helpdesk.subscriptionEmail,
    source_message_id: helpdesk.sourceMessageId,
    created_at: helpdesk.createdAt,
  };
}

function createLink<T extends { id: string }>(
  initial: T | null,
  onChange: (id: string | null) => void,
): LinkAccessor<T> {
  let value = initial;
  return {
    get id() {
      return value?.id ?? null;
    },
    get value() {
      return value;
    },
    attach(next) {
      value = next;
      onChange(next.id);
    },
    detach() {
      value = null;
      onChange(null);
    },
  };
}

// A status removed from the option set after helpdesks used it still reads, labelled by its key.
function unknownStatus(key: string): HelpdeskStatus {
  return { key, label: key, sortOrder: 0, isDefault: false, isClosed: false };
}
