import type { Kysely } from 'kysely';
import { HelpdeskReferenceExists } from '../errors/index.js';
import type { Clock } from '../shared/index.js';
import type { Database } from '../store/index.js';
import type { Company, Person } from './helpdesk-model.js';
import { createFieldProblems, emailText, requiredText, websiteText } from './reference-data-input.js';
import { toCompany, toPerson } from './reference-repository.js';
import { createReferenceRows, type ReferenceListOptions } from './reference-rows.js';

/** A new or changed person; `companyId` links the person to a company in use (null unlinks). */
interface PersonInput {
  name?: string;
  email?: string;
  companyId?: string | null;
}

/** A new or changed company. */
interface CompanyInput {
  name?: string;
  email?: string | null;
  website?: string | null;
}

type Db = Kysely<Database>;

/** Persons and companies as admins manage them: unique e-mails and names, archived instead of deleted. */
export function createContactService(deps: { db: Db; clock: Clock }) {
  const { db, clock } = deps;
  const persons = createReferenceRows(db, clock, {
    table: 'persons',
    idColumn: 'id',
    what: 'person',
    touches: true,
    orderBy: 'name',
  });
  const companies = createReferenceRows(db, clock, {
    table: 'companies',
    idColumn: 'id',
    what: 'company',
    touches: true,
    orderBy: 'name',
  });

  // E-mails are unique among persons in use: sender identification reads only those.
  const assertEmailFree = async (email: string, exceptId: string | null) => {
    let query = db
      .selectFrom('persons')
      .select('id')
      .where('email', '=', email)
      .where('archived_at', 'is', null);
    if (exceptId) query = query.where('id', '!=', exceptId);
    if (await query.executeTakeFirst())
      throw HelpdeskReferenceExists.create({ what: 'person', field: 'email', value: email });
  };
  const assertCompanyNameFree = async (name: string, exceptId: string | null) => {
    let query = db
      .selectFrom('companies')
      .select('id')
      .where((eb) => eb(eb.fn('lower', ['name']), '=', name.toLowerCase()));
    if (exceptId) query = query.where('id', '!=', exceptId);
    if (await query.executeTakeFirst())
      throw HelpdeskReferenceExists.create({ what: 'company', field: 'name', value: name });
  };

  /** The changed columns of a person, checked; fields left out of `input` stay as they are. */
  const personColumns = async (input: PersonInput, current: Person | null) => {
    const problems = createFieldProblems();
    const columns: { name?: string; email?: string | null; company_id?: string | null } = {};
    if (input.name !== undefined || !current) columns.name = requiredText(problems, 'name', input.name);
    if (input.email !== undefined || !current)
      columns.email = emailText(problems, 'email', input.email, { required: true });
    if (input.companyId !== undefined) columns.company_id = input.companyId?.trim() || null;
    const companyId = columns.company_id;
    if (companyId && companyId !== current?.companyId) {
      const company = await db
        .selectFrom('companies')
        .select('archived_at')
        .where('id', '=', companyId)
        .executeTakeFirst();
      if (!company) problems.add('companyId', `there is no company ${companyId}`);
      else if (company.archived_at)
        problems.add('companyId', `company ${companyId} is archived; restore it first`);
    }
    problems.throwIfAny();
    if (columns.email && columns.email !== current?.email)
      await assertEmailFree(columns.email, current?.id ?? null);
    return columns;
  };

  /** The changed columns of a company, checked; fields left out of `input` stay as they are. */
  const companyColumns = async (input: CompanyInput, current: Company | null) => {
    const problems = createFieldProblems();
    const columns: { name?: string; email?: string | null; website?: string | null } = {};
    if (input.name !== undefined || !current) columns.name = requiredText(problems, 'name', input.name);
    if (input.email !== undefined)
      columns.email = emailText(problems, 'email', input.email, { required: false });
    if (input.website !== undefined) columns.website = websiteText(problems, 'website', input.website);
    problems.throwIfAny();
    if (columns.name && columns.name.toLowerCase() !== current?.name.toLowerCase())
      await assertCompanyNameFree(columns.name, current?.id ?? null);
    return columns;
  };

  return {
    persons: {
      list: async (options?: ReferenceListOptions) => (await persons.list(options)).map(toPerson),
      create: async (input: PersonInput) =>
        toPerson(await persons.insert({ name: '', ...(await personColumns(input, null)) })),
      async update(id: string, input: PersonInput): Promise<Person> {
        const current = toPerson(await persons.require(id));
        return toPerson(await persons.update(id, await personColumns(input, current)));
      },
      async setArchived(id: string, archived: boolean): Promise<Person> {
        const current = await persons.require(id);
        if (!archived && current.archived_at && current.email) await assertEmailFree(current.email, id);
        return toPerson(await persons.setArchived(id, archived));
      },
    },
    companies: {
      list: async (options?: ReferenceListOptions) => (await companies.list(options)).map(toCompany),
      create: async (input: CompanyInput) =>
        toCompany(await companies.insert({ name: '', ...(await companyColumns(input, null)) })),
      async update(id: string, input: CompanyInput): Promise<Company> {
        const current = toCompany(await companies.require(id));
        return toCompany(await companies.update(id, await companyColumns(input, current)));
      },
      setArchived: async (id: string, archived: boolean) =>
        toCompany(await companies.setArchived(id, archived)),
    },
  };
}
