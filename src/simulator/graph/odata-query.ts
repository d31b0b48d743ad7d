import { conversationIdOf, type MessageRecord } from '../tenant/message-record.js';
import { GraphFailure } from './errors.js';

/** One comparison of a `$filter`. */
export interface FilterTerm {
  property: string;
  op: 'eq' | 'ne' | 'gt' | 'ge' | 'lt' | 'le';
  value: number | boolean | string;
}

/** The OData options the message routes understand. */
export interface ODataQuery {
  select: string[] | null;
  top: number | null;
  skip: number;
  orderBy: Array<{ property: string; desc: boolean }>;
  filter: FilterTerm[];
  expand: string[];
}

const dateProperties = ['receivedDateTime', 'sentDateTime', 'createdDateTime', 'lastModifiedDateTime'];
const boolProperties = ['isRead', 'hasAttachments', 'isDraft'];
const stringProperties = ['subject', 'importance', 'internetMessageId', 'conversationId'];
const filterable = new Map(
  [...dateProperties, ...boolProperties, ...stringProperties].map((p) => [p.toLowerCase(), p] as const),
);

const invalidFilter = (): GraphFailure =>
  new GraphFailure(400, 'ErrorInvalidUrlQueryFilter', 'The query filter contains one or more invalid nodes.');

/** Reads a query option with or without its `$` (Graph v1.0 accepts both). */
function option(query: URLSearchParams, name: string): string | null {
  return query.get(`$${name}`) ?? query.get(name);
}

function parseFilter(text: string): FilterTerm[] {
  const terms: FilterTerm[] = [];
  for (const clause of text.split(/\s+and\s+/i)) {
    const m = /^\s*\(?\s*([A-Za-z/]+)\s+(eq|ne|gt|ge|lt|le)\s+(.+?)\s*\)?\s*$/i.exec(clause);
    if (!m) throw invalidFilter();
    const property = filterable.get((m[1] ?? '').toLowerCase());
    if (!property) throw invalidFilter();
    const op = (m[2] ?? 'eq').toLowerCase() as FilterTerm['op'];
    const rawValue = m[3] ?? '';
    let value: FilterTerm['value'];
    if (dateProperties.includes(property)) {
      value = Date.parse(rawValue.replace(/^'|'$/g, ''));
      if (Number.isNaN(value)) throw invalidFilter();
    } else if (boolProperties.includes(property)) {
      if (!/^(true|false)$/i.test(rawValue)) throw invalidFilter();
      value = rawValue.toLowerCase() === 'true';
    } else {
      if (!/^'.*'$/.test(rawValue)) throw invalidFilter();
      value = rawValue.slice(1, -1).replace(/''/g, "'");
    }
    terms.push({ property, op, value });
  }
  return terms;
}

/** Parses `$select`, `$top`, `$skip`, `$orderby`, `$filter` and `$expand` for message collections. */
export function parseODataQuery(query: URLSearchParams, options: { maxTop?: number } = {}): ODataQuery {
  const select = option(query, 'select');
  const topText = option(query, 'top');
  const skipText = option(query, 'skip');
  const top = topText === null ? null : Number.parseInt(topText, 10);
  if (top !== null && (!(top >= 0) || top > (options.maxTop ?? 1000))) {
    throw new GraphFailure(400, 'ErrorInvalidUrlQuery', `The value '${topText}' of $top is out of range.`);
  }
  const orderBy = (option(query, 'orderby') ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((item) => {
      const [name = '', direction = 'asc'] = item.split(/\s+/);
      const property = filterable.get(name.toLowerCase());
      if (!property || !dateProperties.concat(stringProperties).includes(property)) {
        throw new GraphFailure(
          400,
          'ErrorInvalidProperty',
          `The property '${name}' does not support sorting.`,
        );
      }
      return { property, desc: direction.toLowerCase() === 'desc' };
    });
  const filterText = option(query, 'filter');
  const filter = filterText ? parseFilter(filterText) : [];
  // Outlook rejects $orderby unless its properties also lead the $filter, in the same order
  // (message-list docs, "Using filter and orderby in the same query").
  if (filter.length > 0 && orderBy.length > 0) {
    const leading = filter.slice(0, orderBy.length).map((t) => t.property);
    if (orderBy.some((o, i) => leading[i] !== o.property)) {
      throw new GraphFailure(
        400,
        'InefficientFilter',
        'The restriction or sort order is too complex for this operation.',
      );
    }
  }
  return {
    select:
      select === null
        ? null
        : select
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean),
    top,
    skip: skipText === null ? 0 : Math.max(0, Number.parseInt(skipText, 10) || 0),
    orderBy,
    filter,
    expand: (option(query, 'expand') ?? '')
      .split(/,(?![^(]*\))/)
      .map((s) => s.trim())
      .filter(Boolean),
  };
}

function fieldOf(record: MessageRecord, property: string): number | boolean | string {
  switch (property) {
    case 'receivedDateTime':
      return record.receivedMs;
    case 'sentDateTime':
      return record.sentMs;
    case 'createdDateTime':
      return record.createdMs;
    case 'lastModifiedDateTime':
      return record.modifiedMs;
    case 'isRead':
      return record.isRead;
    case 'hasAttachments':
      return record.hasAttachments ?? false;
    case 'isDraft':
      return record.isDraft;
    case 'subject':
      return record.subject;
    case 'importance':
      return record.importance;
    case 'internetMessageId':
      return record.internetMessageId;
    default:
      return conversationIdOf(record.subject);
  }
}

/** Whether a message passes every term of a filter. */
export function matchesFilter(record: MessageRecord, filter: readonly FilterTerm[]): boolean {
  return filter.every((term) => {
    const v = fieldOf(record, term.property);
    switch (term.op) {
      case 'eq':
        return typeof v === 'string' && typeof term.value === 'string'
          ? v.toLowerCase() === term.value.toLowerCase()
          : v === term.value;
      case 'ne':
        return v !== term.value;
      case 'gt':
        return v > term.value;
      case 'ge':
        return v >= term.value;
      case 'lt':
        return v < term.value;
      default:
        return v <= term.value;
    }
  });
}

/** Sorts messages; Graph's default for message lists is `receivedDateTime desc`. */
export function sortMessages(records: MessageRecord[], orderBy: ODataQuery['orderBy']): MessageRecord[] {
  const keys = orderBy.length > 0 ? orderBy : [{ property: 'receivedDateTime', desc: true }];
  return records.sort((a, b) => {
    for (const key of keys) {
      const x = fieldOf(a, key.property);
      const y = fieldOf(b, key.property);
      if (x < y) return key.desc ? 1 : -1;
      if (x > y) return key.desc ? -1 : 1;
    }
    return key0(a, b);
  });
}

function key0(a: MessageRecord, b: MessageRecord): number {
  return b.seq - a.seq;
}
