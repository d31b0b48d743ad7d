export { createHelpdeskStore } from './helpdesk-store.js';
export type { HelpdeskStore } from './helpdesk-store.js';
export type { AssigneeDirectory } from './assignee-directory.js';
export { findOldestTicket } from './helpdesk-repository.js';
export type { ReferenceDataService } from './reference-data-service.js';
export type { Company, Helpdesk, HelpdeskStatus, HelpdeskType, Person } from './helpdesk-model.js';
export type {
  CommittedUnitOfWork,
  NewHelpdeskInput,
  NoteInput,
  UnitOfWork,
  UnitOfWorkSummary,
} from './unit-of-work-types.js';
export { createHelpdeskPlugin, defineEndpoint } from './handler-plugin.js';
export type { HandlerApp } from './handler-plugin.js';
export { handleEmailMessage } from './default-endpoint.js';
// The rest of what a handler module uses, so that it needs one import, like the seed's
// `limepkg_ms_inbox.behaviours` (the handler contract itself lives in handlers/).
export { buildEmailData, EmailItem } from '../handlers/index.js';
// Types a handler written in TypeScript names: the mail's parts and the external endpoint's body.
export type {
  EmailAttachmentData,
  EmailBody,
  EmailData,
  ExternalRequestBody,
  MailAddress,
  MailHeader,
} from '../handlers/index.js';
export { processEmail } from './process-email.js';
export type { ProcessEmailOptions } from './process-email.js';
export { findHelpdeskBySubject, findHelpdeskForEmail, haveEmailBeenProcessed } from './threading.js';
export { identifySender, senderIdBehaviours } from './sender-identification.js';
export type { SenderIdBehaviour } from './sender-identification.js';
export type { IncomingAttachment, IncomingMail } from './incoming-mail.js';
export type { ListTicketsOptions } from './ticket-queries.js';
export { createTicketActions } from './ticket-actions.js';
export type { AssigneeInput, TicketActions } from './ticket-actions.js';
export { createTicketReply } from './ticket-reply.js';
export type { TicketReply } from './ticket-reply.js';
export { createAutoReplies } from './auto-reply/create-auto-replies.js';
export type { AutoReplies, AutoRepliesDeps } from './auto-reply/create-auto-replies.js';
export { getHelpdeskMessage } from './auto-reply/helpdesk-message.js';
export { replaceMergeCodes } from './auto-reply/merge-codes.js';
export { loopRules } from './auto-reply/loop-defence.js';
export type { LoopRule } from './auto-reply/loop-defence.js';
export { sendAutoReplyJob } from './auto-reply/auto-reply-request.js';
export { defaultAutoReplySettings } from './auto-reply/auto-reply-settings.js';
export type { AutoReplySettingsInput } from './auto-reply/auto-reply-settings.js';
export {
  autoRepliesNeedMailSend,
  createAutoReplySettingsService,
  restorePassword,
} from './auto-reply/settings-service.js';
export type { AutoReplyLogEntry, AutoReplyOutcome } from './auto-reply/auto-reply-log.js';
export { buildAutoReplyMime } from './auto-reply/auto-reply-mime.js';
export type { AutoReplyTransport, OutgoingReply } from './auto-reply/transports.js';
export { createGraphTransport, createSmtpTransport } from './auto-reply/transports.js';
export { maskSmtpUrl } from './auto-reply/auto-reply-settings.js';
export { newMessageId } from './auto-reply/auto-reply-mime.js';
