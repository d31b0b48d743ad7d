export { AppError, defineError, isAppError, listDefinedErrors } from './define-error.js';
export type { ErrorDefinition, ErrorKind } from './define-error.js';
export * from './catalog/common.js';
export * from './catalog/config.js';
export * from './catalog/graph.js';
export * from './catalog/http.js';
export { renderErrorCatalogMarkdown } from './render-catalog.js';
export * from './catalog/store.js';
export * from './catalog/jobs.js';
