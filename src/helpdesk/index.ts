export { createHelpdeskStore } from './helpdesk-store.js';
export type { HelpdeskStore, HelpdeskStoreDeps } from './helpdesk-store.js';
export type {
  Company,
  Helpdesk,
  HelpdeskChanges,
  HelpdeskStatus,
  HelpdeskType,
  LinkAccessor,
  Person,
  StatusAccessor,
} from './helpdesk-model.js';
export { isCommittedUnitOfWork } from './unit-of-work-types.js';
export type {
  CommittedUnitOfWork,
  DocumentInput,
  HelpdeskDocumentDraft,
  MessageLinkInput,
  NewHelpdeskInput,
  NoteInput,
  UnitOfWork,
  UnitOfWorkSummary,
} from './unit-of-work-types.js';
export { processEmail } from './process-email.js';
export type { ProcessEmailContext, ProcessEmailOptions } from './process-email.js';
export type { HistoryNoteFormat } from './email-history.js';
export { findHelpdeskBySubject, findHelpdeskForEmail, haveEmailBeenProcessed } from './threading.js';
export type { HelpdeskContext, ThreadKeys, ThreadMatch } from './threading.js';
export { identifySender, senderIdBehaviours } from './sender-identification.js';
export type { SenderIdBehaviour, SenderIdentity, SenderLookup } from './sender-identification.js';
export type { IncomingAttachment, IncomingMail, MailAddress, MailBody } from './incoming-mail.js';
export { htmlToText, textToHtml } from './html-text.js';
export { normalizeMessageId, parseMessageIds } from './message-ids.js';
export { safeFileName } from './document-files.js';
export type { DocumentContent } from './document-files.js';
export { helpdeskNumbersInSubject } from './helpdesk-number.js';
export { helpdeskTitle, looksLikeReply } from './subject.js';
export { trimQuotedHtml, trimQuotedText } from './quoted-history.js';
export type {
  ListTicketsOptions,
  TicketDetail,
  TicketDocument,
  TicketNote,
  TicketPage,
  TicketSummary,
} from './ticket-queries.js';
