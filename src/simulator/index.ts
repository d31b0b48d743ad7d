export { createSimulator } from './create-simulator.js';
export type { Simulator, SimulatorOptions } from './create-simulator.js';
export type { SimulatorControl, MessageSummary } from './control/control-api.js';
export type { SimulatorInfo, TenantInfo, AppInfo, MailboxInfo, SubscriptionInfo } from './control/info.js';
export type { SimulatorSettings } from './core.js';
export type { FaultRule, FaultKind, FaultRuleState } from './faults.js';
export type { RequestLogEntry, RequestLogFilter, RequestKind } from './request-log.js';
export { demoTenant, createDemoSeed } from './tenant/demo-seed.js';
export { createSelfSignedCertificate } from './entra/self-signed-certificate.js';
export type { SelfSignedCertificate } from './entra/self-signed-certificate.js';
export { allMailRoles } from './types.js';
export type {
  MailRole,
  SimulatorSeed,
  SeedTenant,
  SeedApp,
  SeedSecret,
  SeedMailbox,
  MessageInput,
  AttachmentInput,
  Recipient,
  DeliveredMessage,
  LifecycleEventName,
} from './types.js';
