export { createHelpdeskStore } from './helpdesk-store.js';
export type { HelpdeskStore, HelpdeskStoreDeps } from './helpdesk-store.js';
export type { AssigneeDirectory, AssigneeIds, AssigneeNames } from './assignee-directory.js';
export { findOldestTicket } from './helpdesk-repository.js';
export type { ReferenceDataService } from './reference-data-service.js';
export type { CompanyInput, PersonInput, ReferenceListOptions } from './reference-contacts.js';
export type { StatusInput, TypeInput } from './reference-options.js';
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
export { createDefaultEndpoint, createHelpdeskPlugin, defineEndpoint } from './handler-plugin.js';
export type { HandlerApp } from './handler-plugin.js';
export { handleEmailMessage } from './default-endpoint.js';
// The rest of what a handler module uses, so that it needs one import, like the seed's
// `limepkg_ms_inbox.behaviours` (the handler contract itself lives in handlers/).
export { buildEmailData, EmailItem, detectSignals, mailSignals } from '../handlers/index.js';
export type {
  AttachmentFixture,
  DetectedSignals,
  EmailAttachmentData,
  EmailBody,
  EmailData,
  EmailDataFixture,
  EmailItemAttachment,
  Endpoint,
  EndpointDefinition,
  EndpointFunction,
  MailAddress,
  MailHeader,
  SignalKind,
} from '../handlers/index.js';
export { processEmail } from './process-email.js';
export type { ProcessEmailContext, ProcessEmailOptions } from './process-email.js';
export type { HistoryNoteFormat } from './email-history.js';
export { findHelpdeskBySubject, findHelpdeskForEmail, haveEmailBeenProcessed } from './threading.js';
export type { HelpdeskContext, ThreadKeys, ThreadMatch } from './threading.js';
export { identifySender, senderIdBehaviours } from './sender-identification.js';
export type { SenderIdBehaviour, SenderIdentity, SenderLookup } from './sender-identification.js';
export type { IncomingAttachment, IncomingMail, MailBody } from './incoming-mail.js';
export { textToHtml } from './html-text.js';
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
export { createTicketActions, maximumNoteLength } from './ticket-actions.js';
export type { AssigneeInput, TicketActions, TicketActionsDeps, TicketActor } from './ticket-actions.js';
export { createTicketReply, replyAttachmentLimitBytes } from './ticket-reply.js';
export type { ReplyAttachmentInput, SentReply, TicketReply, TicketReplyDeps } from './ticket-reply.js';
export { createAutoReplies } from './auto-reply/create-auto-replies.js';
export type { AutoReplies, AutoRepliesDeps } from './auto-reply/create-auto-replies.js';
export { getHelpdeskMessage } from './auto-reply/helpdesk-message.js';
export type { AnsweredMail, HelpdeskMessage, HelpdeskMessageSource } from './auto-reply/helpdesk-message.js';
export { escapeHtml, replaceMergeCodes } from './auto-reply/merge-codes.js';
export type { MergeCodes } from './auto-reply/merge-codes.js';
export { judgeReply, loopRules } from './auto-reply/loop-defence.js';
export type { LoopRule, ReplyFacts, ReplyVerdict, SuppressionReason } from './auto-reply/loop-defence.js';
export { sendAutoReplyJob } from './auto-reply/auto-reply-request.js';
export type {
  AnsweredMailSnapshot,
  AutoReplyMailInput,
  AutoReplyRequest,
  AutoReplyScheduler,
} from './auto-reply/auto-reply-request.js';
export { defaultAutoReplySettings, defaultLimits } from './auto-reply/auto-reply-settings.js';
export type {
  AutoReplyLimits,
  AutoReplySettings,
  AutoReplySettingsInput,
  AutoReplyTransportKind,
  ReplyLimit,
} from './auto-reply/auto-reply-settings.js';
export {
  autoRepliesNeedMailSend,
  createAutoReplySettingsService,
  restorePassword,
} from './auto-reply/settings-service.js';
export type { AutoReplySettingsService } from './auto-reply/settings-service.js';
export type { AutoReplyLogEntry, AutoReplyOutcome } from './auto-reply/auto-reply-log.js';
export { buildAutoReplyMime } from './auto-reply/auto-reply-mime.js';
export type { AutoReplyContent } from './auto-reply/auto-reply-mime.js';
export type { AutoReplyTransport, OutgoingReply } from './auto-reply/transports.js';
export { createGraphTransport, createSmtpTransport } from './auto-reply/transports.js';
export { maskSmtpUrl } from './auto-reply/auto-reply-settings.js';
export { newMessageId } from './auto-reply/auto-reply-mime.js';
