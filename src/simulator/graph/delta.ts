import type { Mailbox, Tombstone } from '../tenant/mailbox.js';
import type { MessageRecord } from '../tenant/message-record.js';
import type { GraphRoute, RouteContext } from './context.js';
import { GraphFailure } from './errors.js';
import { renderMessage } from './message-json.js';
import { json, requireFolder } from './message-lookup.js';
import { matchesFilter, parseODataQuery, type FilterTerm } from './odata-query.js';

/**
 * What a delta link carries. Options are encoded into the token, as Graph does, so clients must follow links
 * verbatim (delta-query-messages.md). A round covers the changes in (from, to]; `after` is the page cursor.
 */
interface DeltaToken {
  v: 1;
  m: string;
  f: number;
  from: number;
  to: number;
  after: number;
  e: number;
  s: string[] | null;
  c: string[] | null;
  r: FilterTerm[];
  p: number | null;
}

type Change = { changeSeq: number; record: MessageRecord } | { changeSeq: number; tombstone: Tombstone };

const encodeToken = (token: DeltaToken): string => Buffer.from(JSON.stringify(token)).toString('base64url');

function decodeToken(text: string): DeltaToken | undefined {
  try {
    const token = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as DeltaToken;
    return token.v === 1 ? token : undefined;
  } catch {
    return undefined;
  }
}

function syncStateNotFound(ctx: RouteContext): GraphFailure {
  // A stale Outlook delta token answers 410 with syncStateNotFound; Location points at a fresh sync (errors.md).
  return new GraphFailure(
    410,
    'syncStateNotFound',
    'The sync state generation is not found. The delta token is expired and data must be synchronized again.',
    { Location: `${ctx.request.origin}/v1.0/${ctx.request.path}` },
  );
}

function collectChanges(mailbox: Mailbox, token: DeltaToken): Change[] {
  const folder = mailbox.folderByIndex(token.f);
  const types = token.c;
  const changes: Change[] = [];
  for (const record of mailbox.listFolder(folder)) {
    if (record.changeSeq <= token.after || record.changeSeq > token.to) continue;
    if (!matchesFilter(record, token.r)) continue;
    const created = record.enteredSeq > token.from;
    if (types && !types.includes(created ? 'created' : 'updated')) continue;
    changes.push({ changeSeq: record.changeSeq, record });
  }
  // The first round only lists what is there; removals matter from the second round on.
  if (token.from > 0 && (!types || types.includes('deleted'))) {
    for (const tombstone of mailbox.tombstonesSince(token.f, token.after, token.to)) {
      changes.push({ changeSeq: tombstone.changeSeq, tombstone });
    }
  }
  return changes.sort((a, b) => a.changeSeq - b.changeSeq);
}

function startToken(ctx: RouteContext, folderIndex: number): DeltaToken {
  const query = parseODataQuery(ctx.request.query);
  if (query.filter.some((t) => t.property !== 'receivedDateTime' || !['ge', 'gt'].includes(t.op))) {
    throw new GraphFailure(
      400,
      'ErrorInvalidUrlQueryFilter',
      'The query filter contains one or more invalid nodes.',
    );
  }
  const changeType = ctx.request.query.get('changeType');
  return {
    v: 1,
    m: ctx.mailbox.id,
    f: folderIndex,
    from: 0,
    to: ctx.mailbox.changeSeq,
    after: 0,
    e: ctx.mailbox.deltaEpoch,
    s: query.select,
    c: changeType ? changeType.split(',').map((s) => s.trim().toLowerCase()) : null,
    r: query.filter,
    p: query.top,
  };
}

async function delta(ctx: RouteContext) {
  const folder = requireFolder(ctx);
  const skip = ctx.request.query.get('$skiptoken');
  const deltaText = ctx.request.query.get('$deltatoken');
  let token: DeltaToken;
  if (skip !== null || deltaText !== null) {
    const decoded = decodeToken(skip ?? deltaText ?? '');
    if (!decoded || decoded.m !== ctx.mailbox.id || decoded.f !== folder.index) {
      throw new GraphFailure(400, 'BadRequest', 'The delta token is malformed or belongs to another folder.');
    }
    const expired =
      decoded.e !== ctx.mailbox.deltaEpoch ||
      (skip !== null ? decoded.after : decoded.to) < ctx.mailbox.tombstoneFloor ||
      ctx.core.faults.shouldExpireDeltaToken({ mailbox: [ctx.mailbox.upn, ctx.mailbox.id] });
    if (expired) throw syncStateNotFound(ctx);
    token =
      skip !== null
        ? decoded
        : { ...decoded, from: decoded.to, after: decoded.to, to: ctx.mailbox.changeSeq };
  } else {
    token = startToken(ctx, folder.index);
  }

  const pageSize = Math.min(ctx.prefer.maxPageSize ?? token.p ?? 10, 1000);
  const changes = collectChanges(ctx.mailbox, token);
  // With a receivedDateTime filter Outlook returns at most 5,000 messages in the first round (message-delta.md).
  const capped = token.from === 0 && token.r.length > 0 ? changes.slice(0, 5000) : changes;
  const page = capped.slice(0, pageSize);
  const immutable = ctx.prefer.immutableIds;
  const value: Array<Record<string, unknown>> = [];
  for (const change of page) {
    if ('tombstone' in change) {
      const t = change.tombstone;
      value.push({
        '@odata.type': '#microsoft.graph.message',
        id: ctx.mailbox.versionedId(t.seq, t.version, immutable),
        '@removed': { reason: 'deleted' },
      });
    } else {
      const rendered = await renderMessage(ctx.core.parts, ctx.mailbox, change.record, {
        select: token.s,
        expand: [],
        immutable,
        bodyType: ctx.prefer.bodyContentType,
        basicOnly: ctx.basicOnly,
      });
      value.push({ '@odata.type': '#microsoft.graph.message', ...rendered });
    }
  }
  const base = `${ctx.request.origin}/v1.0/${ctx.request.path}`;
  const last = page[page.length - 1];
  const more = capped.length > pageSize && last !== undefined;
  const body: Record<string, unknown> = {
    '@odata.context': `${ctx.request.origin}/v1.0/$metadata#Collection(message)`,
    value,
  };
  if (more)
    body['@odata.nextLink'] = `${base}?$skiptoken=${encodeToken({ ...token, after: last.changeSeq })}`;
  else body['@odata.deltaLink'] = `${base}?$deltatoken=${encodeToken({ ...token, after: token.to })}`;
  const headers: Record<string, string> = ctx.prefer.maxPageSize
    ? { 'Preference-Applied': `odata.maxpagesize=${ctx.prefer.maxPageSize}` }
    : {};
  return json(200, body, headers);
}

/** Delta query on a mail folder's messages. */
export const deltaRoutes: GraphRoute[] = [
  {
    method: 'GET',
    pattern: 'users/:user/mailFolders/:folder/messages/delta',
    operation: 'messages.delta',
    permission: 'readBasic',
    handler: delta,
  },
];
