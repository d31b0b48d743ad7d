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
export type { EmailBody, MailAddress, MailHeader } from './graph-message.js';
export { normalizeMessageId, parseMessageIds } from './message-ids.js';
export { committedBrand, isCommittedUnitOfWork } from './unit-of-work.js';
export type { CommittedUnitOfWork, OpenUnitOfWork } from './unit-of-work.js';
export { detectSignals, mailSignals } from './mail-signals.js';
export type { DetectedSignals, SignalKind } from './mail-signals.js';
export { defineEndpoint } from './endpoint.js';
export type { AnyEndpoint, Endpoint, EndpointDefinition, EndpointFunction } from './endpoint.js';
export type { EndpointApp, EndpointPlugin, UnitOfWorkTracker } from './handler-app.js';
export { createSeedHandlerDirectory } from './seed-handler-directory.js';
export type { SeedHandlerDirectory, SeedHandlerDirectoryOptions } from './seed-handler-directory.js';
export { loadHandlerModule, loadHandlerModules } from './load-handler-modules.js';
export type { HandlerModule } from './load-handler-modules.js';
export { buildEmailData } from './build-email-data.js';
export type { AttachmentFixture, EmailDataFixture } from './build-email-data.js';
export { createHandlerDirectory } from './composite-directory.js';
export {
  createExternalHandler,
  createHttpPoster,
  verifySignature,
  signPayload,
  signatureHeaderName,
} from './external/index.js';
export type { HttpPoster } from './external/index.js';
