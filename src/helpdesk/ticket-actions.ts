import { randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import {
  HelpdeskStatusUnknown,
  NotFound,
  TicketActionInvalid,
  TicketAssigneeUnknown,
  TicketTypeUnknown,
} from '../errors/index.js';
import type { Clock } from '../shared/index.js';
import type { Database, Store } from '../store/index.js';
import type { AssigneeDirectory } from './assignee-directory.js';
import { textToHtml } from './html-text.js';

/** Who does an action: the signed-in user's name or the API token's name, as the history shows it. */
export interface TicketActor {
  name: string;
}

/** Whom a ticket is assigned to; null to unassign. */
export type AssigneeInput = { userId: string } | { groupId: string } | null;

/** Longest internal note or reply text accepted. */
const maximumNoteLength = 100_000;

/** What ticket actions are built from. */
interface TicketActionsDeps {
  store: Pick<Store, 'db' | 'transaction'>;
  clock: Clock;
  /** The users and groups tickets can be assigned to. */
  assignees: AssigneeDirectory;
}

type Trx = Transaction<Database>;

/** Adds a history row of an agent (`note`, `event` or `reply`) inside the caller's transaction. */
export async function addHistory(
  trx: Trx | Kysely<Database>,
  input: { ticketId: string; kind: 'note' | 'event' | 'reply'; text: string; author: string; now: string },
): Promise<void> {
  await trx
    .insertInto('helpdesk_notes')
    .values({
      id: randomUUID(),
      helpdesk_id: input.ticketId,
      kind: input.kind,
      html: textToHtml(input.text),
      text: input.text,
      author_address: input.author,
      created_at: input.now,
    })
    .execute();
}

/** Checks a note or reply text: not blank, not huge; returns it trimmed. */
export function checkText(text: unknown, field: string): string {
  const value = typeof text === 'string' ? text.trim() : '';
  if (value === '') throw TicketActionInvalid.create({ problems: [`${field}: must not be empty`] });
  if (value.length > maximumNoteLength)
    throw TicketActionInvalid.create({ problems: [`${field}: at most ${maximumNoteLength} characters`] });
  return value;
}

/**
 * What agents do to a ticket: change its status or type, assign it, add an internal note. Each change and its
 * history row (`event` or `note`, naming the actor) are written in one transaction; bad input changes nothing.
 */
export function createTicketActions(deps: TicketActionsDeps) {
  const now = () => deps.clock.now().toISOString();

  async function ticketIn(trx: Trx, id: string) {
    const row = await trx
      .selectFrom('helpdesks as h')
      .leftJoin('helpdesk_statuses as s', 's.key', 'h.status')
      .leftJoin('helpdesk_types as t', 't.id', 'h.type_id')
      .select(['h.id', 'h.status', 's.label as status_label', 't.name as type_name'])
      .where('h.id', '=', id)
      .executeTakeFirst();
    if (!row) throw NotFound.create({ what: 'ticket', id });
    return row;
  }

  /** Runs one change with its history row; the ticket's `updated_at` moves to now. */
  const change = (ticketId: string, fn: (trx: Trx, at: string) => Promise<void>) =>
    deps.store.transaction(async (trx) => {
      const at = now();
      await fn(trx, at);
      await trx.updateTable('helpdesks').set({ updated_at: at }).where('id', '=', ticketId).execute();
    });

  /** How the history names the assignee; null when the directory does not know it (or the user is disabled). */
  async function assigneeName(assignee: NonNullable<AssigneeInput>): Promise<string | null> {
    const name = await deps.assignees.describe(assignee);
    if (name === null) return null;
    return 'userId' in assignee ? name : `group ${name}`;
  }

  const assigneeUnknown = (assignee: NonNullable<AssigneeInput>) =>
    'userId' in assignee
      ? TicketAssigneeUnknown.create({ what: 'user', id: assignee.userId })
      : TicketAssigneeUnknown.create({ what: 'group', id: assignee.groupId });

  return {
    /** Sets the status by key (one of `helpdesk_statuses`); unknown keys are refused with the known ones. */
    setStatus: (ticketId: string, statusKey: string, actor: TicketActor) =>
      change(ticketId, async (trx, at) => {
        const ticket = await ticketIn(trx, ticketId);
        const statuses = await trx.selectFrom('helpdesk_statuses').select(['key', 'label']).execute();
        const status = statuses.find((s) => s.key === statusKey);
        if (!status)
          throw HelpdeskStatusUnknown.create({ key: statusKey, known: statuses.map((s) => s.key) });
        if (status.key === ticket.status) return;
        await trx.updateTable('helpdesks').set({ status: status.key }).where('id', '=', ticketId).execute();
        const text = `Status changed from ${ticket.status_label ?? ticket.status} to ${status.label} by ${actor.name}`;
        await addHistory(trx, { ticketId, kind: 'event', text, author: actor.name, now: at });
      }),

    /** Sets the type by key (one of `helpdesk_types`), or clears it with null. */
    setType: (ticketId: string, typeKey: string | null, actor: TicketActor) =>
      change(ticketId, async (trx, at) => {
        const ticket = await ticketIn(trx, ticketId);
        const types = await trx.selectFrom('helpdesk_types').select(['id', 'key', 'name']).execute();
        const type = typeKey === null ? null : types.find((t) => t.key === typeKey);
        if (type === undefined)
          throw TicketTypeUnknown.create({ key: String(typeKey), known: types.map((t) => t.key) });
        await trx
          .updateTable('helpdesks')
          .set({ type_id: type?.id ?? null })
          .where('id', '=', ticketId)
          .execute();
        const text = `Type changed from ${ticket.type_name ?? '(none)'} to ${type?.name ?? '(none)'} by ${actor.name}`;
        await addHistory(trx, { ticketId, kind: 'event', text, author: actor.name, now: at });
      }),

    /** Assigns the ticket to a user (enabled) or a group of the admin UI, or unassigns it with null. */
    assign: async (ticketId: string, assignee: AssigneeInput, actor: TicketActor) => {
      // Asked before the transaction: on SQLite the directory's query would wait for the transaction's connection.
      const name = assignee === null ? null : await assigneeName(assignee);
      await change(ticketId, async (trx, at) => {
        await ticketIn(trx, ticketId);
        if (assignee !== null && name === null) throw assigneeUnknown(assignee);
        await trx
          .updateTable('helpdesks')
          .set({
            assignee_user_id: assignee && 'userId' in assignee ? assignee.userId : null,
            assignee_group_id: assignee && 'groupId' in assignee ? assignee.groupId : null,
          })
          .where('id', '=', ticketId)
          .execute();
        const text = name === null ? `Unassigned by ${actor.name}` : `Assigned to ${name} by ${actor.name}`;
        await addHistory(trx, { ticketId, kind: 'event', text, author: actor.name, now: at });
      });
    },

    /** Adds an internal note: kept in the history, never sent to the customer. */
    addNote: (ticketId: string, text: string, actor: TicketActor) =>
      change(ticketId, async (trx, at) => {
        const note = checkText(text, 'text');
        await ticketIn(trx, ticketId);
        await addHistory(trx, { ticketId, kind: 'note', text: note, author: actor.name, now: at });
      }),
  };
}

/** The ticket actions' type. */
export type TicketActions = ReturnType<typeof createTicketActions>;
