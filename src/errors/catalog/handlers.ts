import { defineError } from '../define-error.js';

export const HandlerModuleLoadFailed = defineError<{ source: string; reason: string }>({
  code: 'MSI_HANDLERS_MODULE_LOAD_FAILED',
  httpStatus: 500,
  retryable: false,
  description: 'A handler module could not be imported (missing file, syntax or type error at load).',
  message: (p) => `Handler module ${p.source} could not be loaded: ${p.reason}`,
});

export const HandlerModuleInvalid = defineError<{ source: string }>({
  code: 'MSI_HANDLERS_MODULE_INVALID',
  httpStatus: 500,
  retryable: false,
  description: 'A handler module exports no endpoint (`defineEndpoint({ path, notification })`).',
  message: (p) =>
    `Handler module ${p.source} exports no endpoint; export defineEndpoint({ path, notification })`,
});

export const HandlerEndpointInvalid = defineError<{ source: string; problem: string }>({
  code: 'MSI_HANDLERS_ENDPOINT_INVALID',
  httpStatus: 500,
  retryable: false,
  description: 'An endpoint definition is unusable (path not like `/inbox/`, no notification function).',
  message: (p) => `Endpoint in ${p.source} is invalid: ${p.problem}`,
});

export const HandlerEndpointDuplicate = defineError<{ path: string; sources: string[] }>({
  code: 'MSI_HANDLERS_ENDPOINT_DUPLICATE',
  httpStatus: 500,
  retryable: false,
  description: 'Two handler modules define the same endpoint path; each path may be defined once.',
  message: (p) => `Endpoint ${p.path} is defined more than once: ${p.sources.join(', ')}`,
});
