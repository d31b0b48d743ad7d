import type { CompanyInfo, PersonInfo, StatusInfo, TicketTypeInfo } from '../api-types.js';

/** A row of any kind of reference data, as the generic list and form read it. */
export type ReferenceRow = (PersonInfo | CompanyInfo | TicketTypeInfo | StatusInfo) & Record<string, unknown>;

/** One input of a kind's form; `nullable` fields send null when left empty. */
export interface ReferenceField {
  name: string;
  label: string;
  input: 'text' | 'email' | 'number' | 'checkbox' | 'company';
  required?: boolean;
  nullable?: boolean;
  /** Shown but not changeable once created (a status key: tickets refer to it). */
  fixed?: boolean;
}

/** A tab of the page: where its rows live, how one is named, its columns and its form. */
export interface ReferenceKind {
  tab: string;
  path: string;
  singular: string;
  searchable: boolean;
  idOf(row: ReferenceRow): string;
  nameOf(row: ReferenceRow): string;
  /** Heading of the first column, the one `nameOf` fills. */
  nameColumn: string;
  columns: Array<{ label: string; value(row: ReferenceRow, companyName: (id: string) => string): string }>;
  fields: ReferenceField[];
}

const text = (value: unknown) => (value === null || value === undefined ? '' : String(value));
const yes = (value: unknown) => (value ? 'yes' : '');

/** Rows with an `id`, shown by their `name`. */
const namedById: Pick<ReferenceKind, 'idOf' | 'nameOf' | 'nameColumn'> = {
  idOf: (r) => text(r.id),
  nameOf: (r) => text(r.name),
  nameColumn: 'Name',
};
const nameField: ReferenceField = { name: 'name', label: 'Name', input: 'text', required: true };
const emailColumn = { label: 'E-mail', value: (r: ReferenceRow) => text(r.email) };

/** The four tabs, in the order an admin sets things up: companies before their persons. */
export const referenceKinds: ReferenceKind[] = [
  {
    tab: 'Companies',
    path: 'companies',
    singular: 'company',
    searchable: true,
    ...namedById,
    columns: [emailColumn, { label: 'Website', value: (r) => text(r.website) }],
    fields: [
      nameField,
      { name: 'email', label: 'E-mail', input: 'email', nullable: true },
      { name: 'website', label: 'Website', input: 'text', nullable: true },
    ],
  },
  {
    tab: 'Persons',
    path: 'persons',
    singular: 'person',
    searchable: true,
    ...namedById,
    columns: [
      emailColumn,
      { label: 'Company', value: (r, companyName) => (r.companyId ? companyName(text(r.companyId)) : '') },
    ],
    fields: [
      nameField,
      { name: 'email', label: 'E-mail', input: 'email', required: true },
      { name: 'companyId', label: 'Company', input: 'company', nullable: true },
    ],
  },
  {
    tab: 'Ticket types',
    path: 'types',
    singular: 'ticket type',
    searchable: false,
    ...namedById,
    columns: [{ label: 'Key', value: (r) => text(r.key) }],
    fields: [{ name: 'key', label: 'Key', input: 'text', required: true }, nameField],
  },
  {
    tab: 'Statuses',
    path: 'statuses',
    singular: 'status',
    searchable: false,
    idOf: (r) => text(r.key),
    nameOf: (r) => text(r.label),
    nameColumn: 'Label',
    columns: [
      { label: 'Key', value: (r) => text(r.key) },
      { label: 'Order', value: (r) => text(r.sortOrder) },
      { label: 'Default', value: (r) => yes(r.isDefault) },
      { label: 'Closed', value: (r) => yes(r.isClosed) },
    ],
    fields: [
      { name: 'key', label: 'Key', input: 'text', required: true, fixed: true },
      { name: 'label', label: 'Label', input: 'text', required: true },
      { name: 'sortOrder', label: 'Order', input: 'number' },
      { name: 'isDefault', label: 'Default for new tickets', input: 'checkbox' },
      { name: 'isClosed', label: 'Means the work is done', input: 'checkbox' },
    ],
  },
];

/** The JSON body of a form: empty nullable fields as null, numbers as numbers, checkboxes as booleans. */
export function bodyOfForm(
  kind: ReferenceKind,
  form: HTMLFormElement,
  editing: boolean,
): Record<string, unknown> {
  const data = new FormData(form);
  const body: Record<string, unknown> = {};
  for (const field of kind.fields) {
    if (editing && field.fixed) continue;
    const value = String(data.get(field.name) ?? '').trim();
    if (field.input === 'checkbox') body[field.name] = data.get(field.name) !== null;
    else if (field.input === 'number') {
      if (value) body[field.name] = Number(value);
    } else body[field.name] = value === '' && field.nullable ? null : value;
  }
  return body;
}
