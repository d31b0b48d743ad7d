export { createStaticHandlerDirectory } from './contract.js';
export type {
  EmailAttachmentData,
  EmailData,
  HandlerCall,
  HandlerDecision,
  HandlerDirectory,
  HandlerResource,
  MailHandler,
} from './contract.js';
export { EmailItem } from './email-item.js';
export type { EmailItemAttachment } from './email-item.js';
export type { EmailBody, MailHeader } from './graph-message.js';
export { detectSignals, mailSignals } from './mail-signals.js';
export type { DetectedSignals, SignalKind } from './mail-signals.js';
export { defineEndpoint } from './endpoint.js';
export type { Endpoint, EndpointDefinition, EndpointFunction } from './endpoint.js';
export type { HandlerApp } from './handler-app.js';
export { createSeedHandlerDirectory } from './seed-handler-directory.js';
export type { SeedHandlerDirectory, SeedHandlerDirectoryOptions } from './seed-handler-directory.js';
export { loadHandlerModule, loadHandlerModules } from './load-handler-modules.js';
export type { HandlerModule } from './load-handler-modules.js';
export { createDefaultEndpoint, handleEmailMessage } from './default-endpoint.js';
export { buildEmailData } from './build-email-data.js';
export type { AttachmentFixture, EmailDataFixture } from './build-email-data.js';
// The seed's `limepkg_ms_inbox.behaviours`, so that a handler module needs one import.
export {
  findHelpdeskBySubject,
  findHelpdeskForEmail,
  getHelpdeskMessage,
  haveEmailBeenProcessed,
  processEmail,
  replaceMergeCodes,
  senderIdBehaviours,
} from '../helpdesk/index.js';
export type {
  CommittedUnitOfWork,
  Company,
  Helpdesk,
  HelpdeskStatus,
  HelpdeskStore,
  HelpdeskMessage,
  HelpdeskType,
  HistoryNoteFormat,
  MailAddress,
  Person,
  ProcessEmailOptions,
  SenderIdBehaviour,
  UnitOfWork,
  UnitOfWorkSummary,
} from '../helpdesk/index.js';
export { createHandlerDirectory } from './composite-directory.js';
export type { HandlerDirectoryWithHelpdesk } from './composite-directory.js';
export {
  createExternalHandler,
  createHttpPoster,
  verifySignature,
  signPayload,
  signatureHeaderName,
} from './external/index.js';
export type { HttpPoster } from './external/index.js';
