import type { Kysely, Selectable } from 'kysely';
import type {
  CompaniesTable,
  Database,
  HelpdeskStatusesTable,
  HelpdeskTypesTable,
  PersonsTable,
} from '../store/index.js';
import type { Company, HelpdeskStatus, HelpdeskType, Person } from './helpdesk-model.js';

type Db = Kysely<Database>;

/** Maps a `helpdesk_statuses` row. */
export const toStatus = (r: Selectable<HelpdeskStatusesTable>): HelpdeskStatus => ({
  key: r.key,
  label: r.label,
  sortOrder: r.sort_order,
  isDefault: r.is_default === 1,
  isClosed: r.is_closed === 1,
  archivedAt: r.archived_at,
});

/** Maps a `helpdesk_types` row. */
export const toType = (r: Selectable<HelpdeskTypesTable>): HelpdeskType => ({
  id: r.id,
  key: r.key,
  name: r.name,
  archivedAt: r.archived_at,
});

/** Maps a `persons` row. */
export const toPerson = (r: Selectable<PersonsTable>): Person => ({
  id: r.id,
  name: r.name,
  email: r.email,
  companyId: r.company_id,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  archivedAt: r.archived_at,
});

/** Maps a `companies` row. */
export const toCompany = (r: Selectable<CompaniesTable>): Company => ({
  id: r.id,
  name: r.name,
  email: r.email,
  website: r.website,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  archivedAt: r.archived_at,
});

/** The status option set, in display order. */
export async function listStatuses(db: Db): Promise<HelpdeskStatus[]> {
  const rows = await db
    .selectFrom('helpdesk_statuses')
    .selectAll()
    .orderBy('sort_order')
    .orderBy('key')
    .execute();
  return rows.map(toStatus);
}

/** Every helpdesk type, by name. */
export async function listTypes(db: Db): Promise<HelpdeskType[]> {
  return (await db.selectFrom('helpdesk_types').selectAll().orderBy('name').execute()).map(toType);
}

/** A type by id (archived too: tickets keep theirs) or by key (only types in use); null when there is none. */
export async function findType(db: Db, by: { id: string } | { key: string }): Promise<HelpdeskType | null> {
  let query = db.selectFrom('helpdesk_types').selectAll();
  query =
    'id' in by
      ? query.where('id', '=', by.id)
      : query.where('key', '=', by.key).where('archived_at', 'is', null);
  const row = await query.executeTakeFirst();
  return row ? toType(row) : null;
}

/** A person by id; null when there is none. */
export async function findPerson(db: Db, id: string): Promise<Person | null> {
  const row = await db.selectFrom('persons').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toPerson(row) : null;
}

/** A company by id; null when there is none. */
export async function findCompany(db: Db, id: string): Promise<Company | null> {
  const row = await db.selectFrom('companies').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toCompany(row) : null;
}

/** Persons with exactly this address, most recently updated first. */
export async function findPersonsByEmail(db: Db, address: string): Promise<Person[]> {
  const rows = await db
    .selectFrom('persons')
    .selectAll()
    .where('email', '=', address.toLowerCase())
    .where('archived_at', 'is', null)
    .orderBy('updated_at', 'desc')
    .orderBy('id')
    .execute();
  return rows.map(toPerson);
}

/** Persons whose address is at this domain. */
export async function findPersonsByDomain(db: Db, domain: string): Promise<Person[]> {
  const rows = await db
    .selectFrom('persons')
    .selectAll()
    .where('email', 'like', `%@${domain.toLowerCase()}`)
    .where('archived_at', 'is', null)
    .execute();
  return rows.map(toPerson).filter((p) => domainOf(p.email) === domain.toLowerCase());
}

/** Companies with exactly this address. */
export async function findCompaniesByEmail(db: Db, address: string): Promise<Company[]> {
  const rows = await db
    .selectFrom('companies')
    .selectAll()
    .where('email', '=', address.toLowerCase())
    .where('archived_at', 'is', null)
    .execute();
  return rows.map(toCompany);
}

/** Companies whose address is at this domain. */
export async function findCompaniesByEmailDomain(db: Db, domain: string): Promise<Company[]> {
  const rows = await db
    .selectFrom('companies')
    .selectAll()
    .where('email', 'like', `%@${domain.toLowerCase()}`)
    .where('archived_at', 'is', null)
    .execute();
  return rows.map(toCompany).filter((c) => domainOf(c.email) === domain.toLowerCase());
}

/** Companies whose website's host is this domain (`www.` ignored). */
export async function findCompaniesByWebsiteDomain(db: Db, domain: string): Promise<Company[]> {
  const rows = await db
    .selectFrom('companies')
    .selectAll()
    .where((eb) => eb(eb.fn('lower', ['website']), 'like', `%${domain.toLowerCase()}%`))
    .where('archived_at', 'is', null)
    .execute();
  return rows.map(toCompany).filter((c) => websiteDomain(c.website) === domain.toLowerCase());
}

/** The lower-cased domain of an address; null when it has none. */
function domainOf(address: string | null | undefined): string | null {
  const at = address?.lastIndexOf('@') ?? -1;
  if (!address || at < 0 || at === address.length - 1) return null;
  return address.slice(at + 1).toLowerCase();
}

/** The host of a website as entered (`https://www.example.org/x`, `example.org`), without `www.`. */
export function websiteDomain(website: string | null | undefined): string | null {
  if (!website?.trim()) return null;
  const text = website.trim();
  try {
    const host = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `http://${text}`).hostname;
    return host.toLowerCase().replace(/^www\./, '') || null;
  } catch {
    return null;
  }
}
