import { defineError } from '../define-error.js';

export const EgressRefused = defineError<{ target: string; address: string; range: string; hint: string }>({
  code: 'MSI_EGRESS_REFUSED',
  httpStatus: 400,
  retryable: false,
  description:
    'An outbound call an admin configured (external handler, recovery target, alert webhook) would reach a ' +
    'loopback, link-local, private or otherwise internal address; ms-inbox refuses it at save time and again ' +
    'when it connects (a name that resolves elsewhere later is caught too).',
  message: (p) => `Refused to call ${p.target}: it resolves to ${p.address}, a ${p.range} address. ${p.hint}`,
});

export const EgressUnresolvable = defineError<{ target: string; reason: string }>({
  code: 'MSI_EGRESS_UNRESOLVABLE',
  httpStatus: 400,
  retryable: true,
  description: 'The host name of an outbound target did not resolve, so it could not be checked or called.',
  message: (p) => `Cannot call ${p.target}: its host name does not resolve (${p.reason})`,
});
