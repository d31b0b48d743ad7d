/** Role of a user or an API token: admins change things, agents work tickets, viewers only read. */
export type AccessRole = 'admin' | 'agent' | 'viewer';

/** Row of `users`: a local account of the admin UI. Booleans are 0/1. */
export interface UsersTable {
  id: string;
  /** Lower-cased login name. */
  username: string;
  display_name: string | null;
  /** `scrypt$N$r$p$salt$hash` (base64url); never leaves the server. */
  password_hash: string;
  role: AccessRole;
  disabled: number;
  password_changed_at: string;
  created_at: string;
  updated_at: string;
}

/** Row of `user_groups`: a named set of users (the seed's groups, e.g. who sees the status card). */
export interface UserGroupsTable {
  id: string;
  name: string;
  description: string | null;
  created_at: string;
}

/** Row of `user_group_members`: one user in one group. */
export interface UserGroupMembersTable {
  group_id: string;
  user_id: string;
  created_at: string;
}

/** Row of `sessions`: a signed-in browser; only the SHA-256 of the cookie value is stored. */
export interface SessionsTable {
  id_hash: string;
  user_id: string;
  /** Sent back in the `x-csrf-token` header of every change made with this session. */
  csrf_token: string;
  ip: string | null;
  user_agent: string | null;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
}

/** Row of `api_tokens`: a bearer token for automation; only its SHA-256 is stored. */
export interface ApiTokensTable {
  id: string;
  name: string;
  token_hash: string;
  role: AccessRole;
  created_by: string | null;
  created_at: string;
  last_used_at: string | null;
  expires_at: string | null;
  revoked_at: string | null;
}

/** Row of `login_failures`: one failed sign-in, keyed by `user:<name>` or `ip:<address>`. */
export interface LoginFailuresTable {
  id: string;
  key: string;
  at: string;
}

/** Row of `auth_settings`: one access setting as JSON (e.g. which groups see the status summary). */
export interface AuthSettingsTable {
  key: string;
  value: string;
  updated_at: string;
}
