export { createExternalHandler } from './external-handler.js';
export { signatureHeaderName, signPayload, verifySignature } from './signature.js';
export { createHttpPoster } from './https-post.js';
export type { HttpPoster } from './https-post.js';
export type { ExternalRequestBody } from './request-body.js';
