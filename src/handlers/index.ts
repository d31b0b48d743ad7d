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
