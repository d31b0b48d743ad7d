export { createStaticHandlerDirectory } from './contract.js';
export type {
  EmailAttachmentData,
  EmailData,
  HandlerCall,
  HandlerDecision,
  HandlerDirectory,
  MailHandler,
} from './contract.js';
export { EmailItem } from './email-item.js';
export type { EmailBody, MailAddress, MailHeader } from './graph-message.js';
export { normalizeMessageId } from './message-ids.js';
export { committedBrand, isCommittedUnitOfWork } from './unit-of-work.js';
export type { CommittedUnitOfWork } from './unit-of-work.js';
export { mailSignals } from './mail-signals.js';
export { defineEndpoint } from './endpoint.js';
export type { Endpoint, EndpointDefinition, EndpointFunction } from './endpoint.js';
export type { EndpointApp, EndpointPlugin } from './handler-app.js';
export { createSeedHandlerDirectory } from './seed-handler-directory.js';
export type { SeedHandlerDirectory } from './seed-handler-directory.js';
export { loadHandlerModule, loadHandlerModules } from './load-handler-modules.js';
export type { HandlerModule } from './load-handler-modules.js';
export { buildEmailData } from './build-email-data.js';
export type { AttachmentFixture } from './build-email-data.js';
export { createHandlerDirectory } from './composite-directory.js';
export {
  createExternalHandler,
  createHttpPoster,
  verifySignature,
  signPayload,
  signatureHeaderName,
} from './external/index.js';
export type { ExternalRequestBody, HttpPoster } from './external/index.js';
