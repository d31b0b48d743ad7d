import { systemClock, type Clock } from '../shared/index.js';
import type { Store } from '../store/index.js';
import { noAssignees, type AssigneeDirectory } from './assignee-directory.js';
import { createDocumentFiles } from './document-files.js';
import type { Company, Helpdesk, HelpdeskStatus, HelpdeskType, Person } from './helpdesk-model.js';
import * as helpdesks from './helpdesk-repository.js';
import { createReferenceDataService, type ReferenceDataService } from './reference-data-service.js';
import * as references from './reference-repository.js';
import type { AutoReplyScheduler } from './auto-reply/auto-reply-request.js';
import type { SenderLookup } from './sender-identification.js';
import * as tickets from './ticket-queries.js';
import { createUnitOfWork } from './unit-of-work.js';
import type { CommittedUnitOfWork, UnitOfWork, UnitOfWorkSummary } from './unit-of-work-types.js';

/** The built-in helpdesk as handlers see it (`app.helpdesk`): reads, units of work, admin queries. */
export interface HelpdeskStore extends SenderLookup {
  getHelpdesk(id: string): Promise<Helpdesk | null>;
  findHelpdeskByNumber(number: string): Promise<Helpdesk | null>;
  /** The helpdesk holding the first of these Message-IDs (`<id@host>`) that any helpdesk holds. */
  findHelpdeskByMessageIds(messageIds: readonly string[]): Promise<Helpdesk | null>;
  findHelpdeskByConversation(mailbox: string, conversationId: string): Promise<Helpdesk | null>;
  hasMessageId(internetMessageId: string, mailbox?: string | null): Promise<boolean>;
  listStatuses(): Promise<HelpdeskStatus[]>;
  listTypes(): Promise<HelpdeskType[]>;
  getType(id: string): Promise<HelpdeskType | null>;
  findTypeByKey(key: string): Promise<HelpdeskType | null>;
  getPerson(id: string): Promise<Person | null>;
  /** A new, empty unit of work; `onCommit` hears of its commit. */
  unitOfWork(options?: { onCommit?: (committed: CommittedUnitOfWork) => void }): UnitOfWork;
  /** Applies a committed unit of work in a transaction of its own (admin tools, imports); handlers return theirs. */
  applyNow(committed: CommittedUnitOfWork): Promise<UnitOfWorkSummary>;
  listTickets(options?: tickets.ListTicketsOptions): Promise<tickets.TicketPage>;
  getTicket(id: string): Promise<tickets.TicketDetail | null>;
  findTicketForMessage(
    ledgerMessageId: string,
  ): Promise<{ id: string; number: string; title: string } | null>;
  /** The absolute path of a document's file (for downloads). */
  documentPath(storedPath: string): string;
  /** Persons, companies, types and statuses as admins create, edit and archive them. */
  referenceData: ReferenceDataService;
}

/** What the helpdesk store is built from. */
interface HelpdeskStoreDeps {
  store: Pick<Store, 'db' | 'transaction'>;
  /** Documents are kept under `<dataDir>/documents/`. */
  dataDir: string;
  clock?: Clock;
  /** Draws helpdesk numbers; tests pass a fixed sequence to force collisions. */
  drawNumber?: () => string;
  /** Enqueues the auto-replies units of work request (`createAutoReplies`); without it none are sent. */
  autoReplies?: AutoReplyScheduler;
  /** Names the users and groups tickets are assigned to; without it tickets show no assignee names. */
  assignees?: AssigneeDirectory;
}

/** Creates the helpdesk store over the application's database and data dir. */
export function createHelpdeskStore(deps: HelpdeskStoreDeps): HelpdeskStore {
  const { db } = deps.store;
  const files = createDocumentFiles({ dataDir: deps.dataDir });
  const clock = deps.clock ?? systemClock;
  const assignees = deps.assignees ?? noAssignees;
  return {
    getHelpdesk: (id) => helpdesks.findHelpdeskById(db, id),
    findHelpdeskByNumber: (number) => helpdesks.findHelpdeskByNumber(db, number),
    findHelpdeskByMessageIds: (ids) => helpdesks.findHelpdeskByMessageIds(db, ids),
    findHelpdeskByConversation: (mailbox, id) => helpdesks.findHelpdeskByConversation(db, mailbox, id),
    hasMessageId: (id, mailbox) => helpdesks.hasMessageId(db, id, mailbox),
    listStatuses: () => references.listStatuses(db),
    listTypes: () => references.listTypes(db),
    getType: (id) => references.findType(db, { id }),
    findTypeByKey: (key) => references.findType(db, { key }),
    getPerson: (id) => references.findPerson(db, id),
    getCompany: (id): Promise<Company | null> => references.findCompany(db, id),
    findPersonsByEmail: (address) => references.findPersonsByEmail(db, address),
    findPersonsByDomain: (domain) => references.findPersonsByDomain(db, domain),
    findCompaniesByEmail: (address) => references.findCompaniesByEmail(db, address),
    findCompaniesByEmailDomain: (domain) => references.findCompaniesByEmailDomain(db, domain),
    findCompaniesByWebsiteDomain: (domain) => references.findCompaniesByWebsiteDomain(db, domain),
    unitOfWork: (options) =>
      createUnitOfWork({
        db,
        files,
        clock,
        drawNumber: deps.drawNumber,
        onCommit: options?.onCommit,
        autoReplies: deps.autoReplies,
      }),
    applyNow: (committed) => deps.store.transaction((trx) => committed.apply(trx)),
    listTickets: (options) => tickets.listTickets(db, assignees, options),
    getTicket: (id) => tickets.getTicket(db, assignees, id),
    findTicketForMessage: (ledgerId) => tickets.findTicketForMessage(db, ledgerId),
    documentPath: (storedPath) => files.absolutePath(storedPath),
    referenceData: createReferenceDataService({ store: deps.store, clock }),
  };
}
