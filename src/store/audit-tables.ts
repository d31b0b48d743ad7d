/** Row of `audit_log`: one admin action — who, what, when, from where. Never a request body or a secret. */
export interface AuditLogTable {
  /** Time-ordered id. */
  id: string;
  at: string;
  /** `user`, `token`, `admin-token` (the configured admin token) or `anonymous` (a failed sign-in). */
  actor_kind: string;
  /** User or token name; for a sign-in, the user name typed. */
  actor_name: string | null;
  /** `POST /api/resources/:id`: the method and the route pattern. */
  action: string;
  /** JSON of the route's path parameters (`{"id":"…"}`), or null. */
  target: string | null;
  /** JSON list of the body's top-level field names (never their values), or null. */
  fields: string | null;
  /** HTTP status of the answer. */
  status: number;
  /** Address of the caller. */
  ip: string | null;
  user_agent: string | null;
}
