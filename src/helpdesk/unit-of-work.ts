import { randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import { HelpdeskNumberUnavailable, HelpdeskUnitOfWorkClosed } from '../errors/index.js';
import { isoNow, type Clock } from '../shared/index.js';
import type { Database } from '../store/index.js';
import { committedBrand, normalizeMessageId } from '../handlers/index.js';
import {
  snapshotMail,
  type AutoReplyRequest,
  type AutoReplyScheduler,
} from './auto-reply/auto-reply-request.js';
import type { DocumentFiles } from './document-files.js';
import { drawHelpdeskNumber } from './helpdesk-number.js';
import { createHelpdeskModel, helpdeskRow, type Helpdesk, type HelpdeskModel } from './helpdesk-model.js';
import { listStatuses } from './reference-repository.js';
import { applyChanges, type Change } from './unit-of-work-changes.js';
import type { CommittedUnitOfWork, UnitOfWork, UnitOfWorkSummary } from './unit-of-work-types.js';

/** What a unit of work needs: the database for reads, the document files, the clock. */
interface UnitOfWorkDeps {
  db: Kysely<Database>;
  files: DocumentFiles;
  clock: Clock;
  drawNumber?: () => string;
  /** Told about every commit (the handler adapter collects them, so none is lost). */
  onCommit?: (committed: CommittedUnitOfWork) => void;
  /** Enqueues requested auto-replies when the changes are applied; none are sent without it. */
  autoReplies?: AutoReplyScheduler;
}

/** Starts an empty unit of work. */
export function createUnitOfWork(deps: UnitOfWorkDeps): UnitOfWork {
  const draw = deps.drawNumber ?? (() => drawHelpdeskNumber());
  const now = () => isoNow(deps.clock);
  const created = new Map<string, HelpdeskModel>();
  const touched = new Map<string, Helpdesk[]>();
  const early: Change[] = [];
  const late: Change[] = [];
  const replies = new Map<string, Omit<AutoReplyRequest, 'helpdeskId' | 'isNewHelpdesk' | 'mergeCodes'>>();
  const mergeCodes = new Map<string, Record<string, string>>();
  let committed = false;

  const open = (operation: string): void => {
    if (committed) throw HelpdeskUnitOfWorkClosed.create({ operation });
  };
  const track = (helpdesk: Helpdesk): Helpdesk => {
    if (created.has(helpdesk.id)) return helpdesk;
    const list = touched.get(helpdesk.id) ?? [];
    if (!list.includes(helpdesk)) touched.set(helpdesk.id, [...list, helpdesk]);
    return helpdesk;
  };
  const freshNumber = async (db: Kysely<Database>): Promise<string> => {
    for (let attempt = 0; attempt < 8; attempt++) {
      const number = draw();
      const taken = await db
        .selectFrom('helpdesks')
        .select('id')
        .where('number', '=', number)
        .executeTakeFirst();
      if (!taken) return number;
    }
    throw HelpdeskNumberUnavailable.create({ attempts: 8 });
  };

  return {
    async createHelpdesk(input) {
      open('create a helpdesk');
      const [statuses, number] = await Promise.all([listStatuses(deps.db), freshNumber(deps.db)]);
      const status = input.statusKey ?? statuses.find((s) => s.isDefault)?.key ?? 'new';
      const at = now();
      const model = createHelpdeskModel({
        row: {
          id: randomUUID(),
          number,
          title: input.title,
          status,
          type_id: null,
          person_id: null,
          company_id: null,
          subscription_email: input.subscriptionEmail?.toLowerCase() ?? null,
          source_message_id: input.sourceMessageId ?? null,
          created_at: at,
          updated_at: at,
        },
        isNew: true,
        statuses,
        type: null,
        person: null,
        company: null,
      });
      if (input.statusKey) model.helpdesk.status.setByKey(input.statusKey);
      created.set(model.helpdesk.id, model);
      return model.helpdesk;
    },
    add(helpdesk) {
      open('add a helpdesk');
      return track(helpdesk);
    },
    addNote(helpdesk, note) {
      open('add a note');
      track(helpdesk);
      late.push({
        kind: 'insert-note',
        row: {
          id: randomUUID(),
          helpdesk_id: helpdesk.id,
          kind: note.kind ?? 'email',
          html: note.html ?? null,
          text: note.text ?? null,
          author_address: note.authorAddress?.toLowerCase() ?? null,
          created_at: now(),
        },
      });
    },
    async addDocument(helpdesk, document) {
      open('add a document');
      track(helpdesk);
      const id = randomUUID();
      const stored = await deps.files.write({
        id,
        fileName: document.fileName,
        content: document.content,
        now: deps.clock.now(),
      });
      const row = {
        id,
        helpdesk_id: helpdesk.id,
        file_name: document.fileName,
        stored_path: stored.storedPath,
        size_bytes: stored.sizeBytes,
        content_type: document.contentType,
        kind: document.kind ?? 'attachment',
        created_at: now(),
      };
      late.push({ kind: 'insert-document', row });
      return {
        id,
        helpdeskId: helpdesk.id,
        fileName: row.file_name,
        storedPath: row.stored_path,
        sizeBytes: row.size_bytes,
        contentType: row.content_type,
      };
    },
    linkMessage(helpdesk, link) {
      open('link a message');
      const internetMessageId = normalizeMessageId(link.internetMessageId);
      if (!internetMessageId) return;
      track(helpdesk);
      late.push({
        kind: 'insert-message-id',
        row: {
          id: randomUUID(),
          helpdesk_id: helpdesk.id,
          internet_message_id: internetMessageId,
          conversation_id: link.conversationId ?? null,
          mailbox: link.mailbox?.toLowerCase() ?? null,
          ledger_message_id: link.ledgerMessageId ?? null,
          kind: link.kind ?? 'mail',
          created_at: now(),
        },
      });
    },
    requestAutoReply(helpdesk, request) {
      open('request an auto-reply');
      // Snapshot now: the mail object may read lazily from data that is gone when the job runs.
      const mail = snapshotMail(request.mail);
      replies.set(helpdesk.id, {
        resourceId: request.resourceId,
        ledgerId: request.mail.ledgerId ?? null,
        mail,
      });
    },
    addMergeCodes(helpdesk, codes) {
      open('add merge codes');
      mergeCodes.set(helpdesk.id, { ...mergeCodes.get(helpdesk.id), ...codes });
    },
    createCompany(input) {
      open('create a company');
      const at = now();
      const row = {
        id: randomUUID(),
        name: input.name,
        email: input.email?.toLowerCase() ?? null,
        website: input.website ?? null,
        archived_at: null,
        created_at: at,
        updated_at: at,
      };
      early.push({ kind: 'insert-company', row });
      return {
        id: row.id,
        name: row.name,
        email: row.email,
        website: row.website,
        createdAt: at,
        updatedAt: at,
        archivedAt: null,
      };
    },
    createPerson(input) {
      open('create a person');
      const at = now();
      const row = {
        id: randomUUID(),
        name: input.name,
        email: input.email?.toLowerCase() ?? null,
        company_id: input.companyId ?? null,
        archived_at: null,
        created_at: at,
        updated_at: at,
      };
      early.push({ kind: 'insert-person', row });
      return {
        id: row.id,
        name: row.name,
        email: row.email,
        companyId: row.company_id,
        createdAt: at,
        updatedAt: at,
        archivedAt: null,
      };
    },
    createType(input) {
      open('create a helpdesk type');
      const row = {
        id: randomUUID(),
        key: input.key,
        name: input.name,
        archived_at: null,
        created_at: now(),
      };
      early.push({ kind: 'insert-type', row });
      return { id: row.id, key: row.key, name: row.name, archivedAt: null };
    },
    get isCommitted() {
      return committed;
    },
    get hasChanges() {
      return early.length + late.length + created.size + touched.size > 0;
    },
    commit() {
      open('commit');
      committed = true;
      const changes: Change[] = [
        ...early,
        ...[...created.values()].map((model) => ({
          kind: 'insert-helpdesk' as const,
          model,
          row: helpdeskRow(model.helpdesk),
        })),
        ...[...touched.entries()].map(([id, list]) => ({
          kind: 'update-helpdesk' as const,
          id,
          changes: Object.assign({}, ...list.map((h) => h.changes)),
        })),
        ...late,
        ...[...replies].map(([helpdeskId, reply]) => ({
          kind: 'request-auto-reply' as const,
          request: {
            ...reply,
            helpdeskId,
            isNewHelpdesk: created.has(helpdeskId),
            mergeCodes: { ...mergeCodes.get(helpdeskId) },
          },
        })),
      ];
      const summarise = (): UnitOfWorkSummary => ({
        helpdesks: [
          ...[...created.values()].map(({ helpdesk: h }) => ({ id: h.id, number: h.number, isNew: true })),
          ...[...touched.values()].map(([h]) => ({ id: h?.id ?? '', number: h?.number ?? '', isNew: false })),
        ],
        notes: late.filter((c) => c.kind === 'insert-note').length,
        documents: late.filter((c) => c.kind === 'insert-document').length,
      });
      const result: CommittedUnitOfWork = Object.freeze({
        [committedBrand]: true as const,
        get summary() {
          return summarise();
        },
        async apply(trx: Transaction<Database>) {
          await applyChanges(trx, changes, {
            now: now(),
            freshNumber: (t) => freshNumber(t),
            autoReplies: deps.autoReplies,
          });
          return summarise();
        },
      });
      deps.onCommit?.(result);
      return result;
    },
  };
}
