import type { CommittedUnitOfWork as CommittedWork } from '../handlers/index.js';
import type { AutoReplyMailInput } from './auto-reply/auto-reply-request.js';
import type { DocumentContent } from './document-files.js';
import type { Company, Helpdesk, HelpdeskType, Person } from './helpdesk-model.js';

/** What a new helpdesk starts with; the status defaults to the option set's default (`new`). */
export interface NewHelpdeskInput {
  title: string;
  subscriptionEmail?: string | null;
  sourceMessageId?: string | null;
  statusKey?: string;
}

/** A history note; `email` notes hold a mail, `notice` notes what ms-inbox decided (e.g. an ambiguous sender). */
export interface NoteInput {
  kind?: 'email' | 'notice';
  html?: string | null;
  text?: string | null;
  authorAddress?: string | null;
}

/** A document's metadata and bytes; the bytes are written to disk at once, the row when applied. */
interface DocumentInput {
  fileName: string;
  contentType: string;
  content: DocumentContent;
  kind?: 'attachment' | 'email';
}

/** A document written to disk whose row waits for the commit. */
interface HelpdeskDocumentDraft {
  id: string;
  helpdeskId: string;
  fileName: string;
  storedPath: string;
  sizeBytes: number;
  contentType: string;
}

/** A Message-ID to remember on a helpdesk so that replies find it. */
interface MessageLinkInput {
  internetMessageId: string;
  conversationId?: string | null;
  mailbox?: string | null;
  ledgerMessageId?: string | null;
  kind?: 'mail' | 'autoreply';
}

/** What a committed unit of work wrote (numbers as finally stored). */
export interface UnitOfWorkSummary {
  helpdesks: Array<{ id: string; number: string; isNew: boolean }>;
  notes: number;
  documents: number;
}

/** What the helpdesk's `uow.commit()` returns: its changes, frozen, applied by the pipeline (see handlers/). */
export type CommittedUnitOfWork = CommittedWork<UnitOfWorkSummary>;

/** Collects helpdesk changes in memory; `commit()` freezes them for one transaction. */
export interface UnitOfWork {
  createHelpdesk(input: NewHelpdeskInput): Promise<Helpdesk>;
  /** Registers a helpdesk read from the store so that its changes are saved (the seed's `uow.add`). */
  add(helpdesk: Helpdesk): Helpdesk;
  addNote(helpdesk: Helpdesk, note: NoteInput): void;
  addDocument(helpdesk: Helpdesk, document: DocumentInput): Promise<HelpdeskDocumentDraft>;
  linkMessage(helpdesk: Helpdesk, link: MessageLinkInput): void;
  /**
   * Asks for the resource's auto-reply to `mail` once the changes are applied, if the resource has auto-replies
   * on (`processEmail` asks for every mail it handles). One request per helpdesk; the last one counts.
   */
  requestAutoReply(helpdesk: Helpdesk, request: { resourceId: string; mail: AutoReplyMailInput }): void;
  /** Adds merge codes (`{ '$$my.code$$': 'value' }`) to the helpdesk's auto-reply. */
  addMergeCodes(helpdesk: Helpdesk, codes: Record<string, string>): void;
  createCompany(input: { name: string; email?: string | null; website?: string | null }): Company;
  createPerson(input: { name: string; email?: string | null; companyId?: string | null }): Person;
  createType(input: { key: string; name: string }): HelpdeskType;
  readonly isCommitted: boolean;
  readonly hasChanges: boolean;
  commit(): CommittedUnitOfWork;
}
