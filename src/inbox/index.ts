export { createInbox } from './create-inbox.js';
export type { Inbox } from './create-inbox.js';
export { defaultInboxSettings } from './inbox-deps.js';
export type { InboxDeps, InboxSettings } from './inbox-deps.js';
export { createInboxMetrics } from './inbox-metrics.js';
export type { InboxMetrics } from './inbox-metrics.js';
export { inboxJobs } from './inbox-jobs.js';
export type { ResourceView } from './resources/resource-service.js';
export {
  findWatchedMailbox,
  findWatchedMailboxByAddress,
  listWatchedMailboxes,
} from './resources/resource-repository.js';
export type { WatchedMailbox } from './resources/resource-repository.js';
export { findLedgerMailFlags } from './processing/ledger.js';
export type { LedgerMailFlags } from './processing/ledger.js';
export type { ResourceInput } from './resources/resource-validation.js';
export type { ResourceState } from './resources/resource-state.js';
export { resourceStates } from './resources/resource-state.js';
export type { ResourceHealth, ResourceStatus } from './resources/resource-health.js';
export type { MessageView } from './messages/message-service.js';
export type { RecoveryTaskView } from './recovery/recovery-service.js';
export type { RecoveryRequest } from './recovery/recovery-request.js';
export type { SyncRun } from './subscriptions/sync-and-save.js';
export type { EnsureResult } from './subscriptions/subscription-manager.js';
export type { InboxSummary, InboxSummaryLine } from './status/status-summary.js';
export { ledgerStatuses } from './processing/ledger-transitions.js';
export type { ClientView } from './clients/client-service.js';
export { createSharedGraphBudget } from './graph-budget/shared-graph-budget.js';
export type { SharedGraphBudget } from './graph-budget/shared-graph-budget.js';
