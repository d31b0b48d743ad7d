import type { FastifyInstance } from 'fastify';
import type { HelpdeskStore, ReferenceDataService } from '../../helpdesk/index.js';

const text = (maxLength: number) => ({ type: 'string', maxLength }) as const;
const nullableText = (maxLength: number) => ({ type: ['string', 'null'], maxLength }) as const;

// The services check meaning (e-mail valid, key free, company in use); the schemas only shape and size.
type AnyInput = Record<string, unknown>;
interface Service {
  list(options: { archived?: boolean; search?: string }): Promise<unknown[]>;
  create(input: AnyInput): Promise<unknown>;
  update(id: string, input: AnyInput): Promise<unknown>;
  setArchived(id: string, archived: boolean): Promise<unknown>;
}

/** One kind of reference data: its path, its words, its body fields and whether its list can be searched. */
interface ReferenceKind {
  path: string;
  what: string;
  service: (data: ReferenceDataService) => Service;
  fields: Record<string, unknown>;
  required: string[];
  searchable: boolean;
}

const kinds: ReferenceKind[] = [
  {
    path: 'persons',
    what: 'person',
    service: (d) => d.persons,
    fields: { name: text(200), email: text(320), companyId: nullableText(100) },
    required: ['name', 'email'],
    searchable: true,
  },
  {
    path: 'companies',
    what: 'company',
    service: (d) => d.companies,
    fields: { name: text(200), email: nullableText(320), website: nullableText(500) },
    required: ['name'],
    searchable: true,
  },
  {
    path: 'types',
    what: 'ticket type',
    service: (d) => d.types,
    fields: { key: text(50), name: text(100) },
    required: ['key', 'name'],
    searchable: false,
  },
  {
    path: 'statuses',
    what: 'status',
    service: (d) => d.statuses,
    fields: {
      key: text(50),
      label: text(100),
      sortOrder: { type: 'integer', minimum: -100000, maximum: 100000 },
      isDefault: { type: 'boolean' },
      isClosed: { type: 'boolean' },
    },
    required: ['key', 'label'],
    searchable: false,
  },
];

const idParams = {
  type: 'object',
  required: ['id'],
  properties: { id: text(100) },
} as const;

/**
 * Persons, companies, ticket types and statuses under `/api/helpdesk/…`: lists for every signed-in user;
 * create, change, archive and restore for admins (the access hook's default for changes).
 */
export function registerReferenceDataRoutes(app: FastifyInstance, helpdesk: HelpdeskStore): void {
  for (const kind of kinds) {
    // Resolved per request: the API reference is rendered from the routes without a real helpdesk.
    const service = () => kind.service(helpdesk.referenceData);
    const base = `/api/helpdesk/${kind.path}`;
    app.get(
      base,
      {
        schema: {
          summary: `List ${kind.path} in use (\`archived=true\`: archived too)${kind.searchable ? '; `search`: name, e-mail' : ''}`,
          querystring: {
            type: 'object',
            properties: {
              archived: { type: 'boolean' },
              ...(kind.searchable && { search: text(200) }),
            },
          },
        },
      },
      async (request) => service().list(request.query as { archived?: boolean; search?: string }),
    );
    app.post(
      base,
      {
        schema: {
          summary: `Add a ${kind.what}`,
          body: {
            type: 'object',
            additionalProperties: false,
            required: kind.required,
            properties: kind.fields,
          },
        },
      },
      async (request, reply) => reply.status(201).send(await service().create(request.body as AnyInput)),
    );
    app.patch(
      `${base}/:id`,
      {
        schema: {
          summary: `Change a ${kind.what}; \`archived\` archives or restores it`,
          params: idParams,
          body: {
            type: 'object',
            additionalProperties: false,
            minProperties: 1,
            properties: { ...kind.fields, archived: { type: 'boolean' } },
          },
        },
      },
      async (request) => {
        const { id } = request.params as { id: string };
        const { archived, ...changes } = request.body as AnyInput & { archived?: boolean };
        let result = Object.keys(changes).length ? await service().update(id, changes) : null;
        if (archived !== undefined) result = await service().setArchived(id, archived);
        return result;
      },
    );
    for (const [action, archived] of [
      ['archive', true],
      ['restore', false],
    ] as const) {
      app.post(
        `${base}/:id/${action}`,
        {
          schema: {
            summary: archived
              ? `Archive a ${kind.what}: not offered or used for new tickets; tickets keep it`
              : `Restore an archived ${kind.what}`,
            params: idParams,
          },
        },
        async (request) => service().setArchived((request.params as { id: string }).id, archived),
      );
    }
  }
}
