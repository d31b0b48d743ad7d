import { expectTypeOf, it } from 'vitest';
import type { AlertRule } from '../src/alerts/alert-rule.js';
import type { AlertEpisode } from '../src/alerts/episode-repository.js';
import type { CredentialExpiry } from '../src/config/credential-expiry.js';
import type { ClientValidation } from '../src/graph/validate-client.js';
import type { TicketDetail, TicketSummary } from '../src/helpdesk/ticket-queries.js';
import type { AuditEntry } from '../src/http/audit/audit-repository.js';
import type { ApiTokenView } from '../src/http/auth/api-token-service.js';
import type { GroupView } from '../src/http/auth/group-service.js';
import type { UserView } from '../src/http/auth/user-service.js';
import type {
  ClientView,
  InboxSummary,
  InboxSummaryLine,
  MessageView,
  RecoveryTaskView,
  ResourceState,
  ResourceView,
  SyncRun,
} from '../src/inbox/index.js';
import type { MessageStatus } from '../src/store/index.js';
import type * as Web from '../src/web/api-types.js';

/** What a value becomes on the wire: `JSON.stringify` turns dates into strings. */
type Json<T> = T extends Date
  ? string
  : T extends readonly (infer U)[]
    ? Json<U>[]
    : T extends object
      ? { [K in keyof T]: Json<T[K]> }
      : T;

// The admin UI declares the API's answers itself (src/web imports nothing from the server). These checks make
// `npm run typecheck` fail when a server view stops giving what the UI reads: each server type, as JSON, must be
// assignable to the UI's type of the same answer. (The test body runs nothing; the compiler does the checking.)
it('the admin UI’s API types accept what the server answers', () => {
  expectTypeOf<Json<InboxSummary>>().toMatchTypeOf<Web.InboxSummary>();
  expectTypeOf<Json<InboxSummaryLine>>().toMatchTypeOf<Web.SummaryLine>();
  expectTypeOf<ResourceState>().toEqualTypeOf<Web.ResourceState>();
  expectTypeOf<MessageStatus>().toEqualTypeOf<Web.MessageStatus>();
  expectTypeOf<Json<CredentialExpiry>>().toMatchTypeOf<Web.CredentialExpiry>();
  expectTypeOf<Json<ClientView>>().toMatchTypeOf<Web.ClientInfo>();
  expectTypeOf<Json<ClientValidation>>().toMatchTypeOf<Web.ClientValidation>();
  expectTypeOf<Json<ResourceView>>().toMatchTypeOf<Web.ResourceInfo>();
  expectTypeOf<Json<SyncRun>>().toMatchTypeOf<Web.SyncRun>();
  expectTypeOf<Json<MessageView>>().toMatchTypeOf<Web.MessageInfo>();
  expectTypeOf<Json<RecoveryTaskView>>().toMatchTypeOf<Web.RecoveryTask>();
  expectTypeOf<Json<TicketSummary>>().toMatchTypeOf<Web.TicketInfo>();
  expectTypeOf<Json<TicketDetail>>().toMatchTypeOf<Web.TicketDetailInfo>();
  expectTypeOf<Json<UserView>>().toMatchTypeOf<Web.UserInfo>();
  expectTypeOf<Json<GroupView>>().toMatchTypeOf<Web.GroupInfo>();
  expectTypeOf<Json<ApiTokenView>>().toMatchTypeOf<Web.TokenInfo>();
  expectTypeOf<Json<AuditEntry>>().toMatchTypeOf<Web.AuditEntry>();
  expectTypeOf<Json<AlertRule>>().toMatchTypeOf<Web.AlertRuleView>();
  expectTypeOf<Json<AlertEpisode>>().toMatchTypeOf<Web.AlertEpisodeView>();
});
