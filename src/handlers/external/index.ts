export { createExternalHandler } from './external-handler.js';
export type { ExternalHandlerOptions } from './external-handler.js';
export {
  defaultSignatureToleranceSec,
  signatureHeaderName,
  signPayload,
  verifySignature,
} from './signature.js';
export { deliveryIdOf } from './request-body.js';
export type { ContentOmittedReason, ExternalAttachment, ExternalRequestBody } from './request-body.js';
export { createHttpPoster } from './https-post.js';
export type { HttpPoster, PostResult } from './https-post.js';
