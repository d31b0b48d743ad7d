export { createEgressGuard, strictEgress } from './egress-guard.js';
export type { EgressGuard, Resolve } from './egress-guard.js';
export { rangeOf } from './address-ranges.js';
export type { AddressRange } from './address-ranges.js';
