import { createHash, randomUUID, timingSafeEqual } from 'node:crypto';
import { ApiTokenNotFound } from '../../errors/index.js';
import { isoNow, type Clock } from '../../shared/index.js';
import type { AccessRole, ApiTokensTable, Store } from '../../store/index.js';
import { checkRole, createProblems } from './auth-validation.js';
import { hashSecretToken, newSecretToken } from './secret-tokens.js';

/** An API token as listed: never the token or its hash. */
export interface ApiTokenView {
  id: string;
  name: string;
  role: AccessRole;
  createdBy: string | null;
  createdAt: string;
  lastUsedAt: string | null;
  expiresAt: string | null;
  revokedAt: string | null;
}

/** Who a bearer token speaks for. */
interface TokenIdentity {
  id: string;
  name: string;
  role: AccessRole;
}

/** Id under which the configured `MS_INBOX_ADMIN_TOKEN` appears: an admin API token kept outside the database. */
const configuredTokenId = 'configured-admin-token';

const toView = (row: ApiTokensTable): ApiTokenView => ({
  id: row.id,
  name: row.name,
  role: row.role,
  createdBy: row.created_by,
  createdAt: row.created_at,
  lastUsedAt: row.last_used_at,
  expiresAt: row.expires_at,
  revokedAt: row.revoked_at,
});

/** API tokens for automation: created and shown once, stored hashed, revocable; plus the configured admin token. */
export function createApiTokenService(deps: {
  store: Store;
  clock: Clock;
  configuredAdminToken: string | null;
}) {
  const { store, clock } = deps;
  const digest = (value: string) => createHash('sha256').update(value).digest();
  const configured = deps.configuredAdminToken ? digest(deps.configuredAdminToken) : null;

  return {
    /** Creates a token; the returned `token` is shown once and cannot be read again. */
    async create(input: {
      name: string;
      role: AccessRole;
      createdBy?: string | null;
      expiresAt?: string | null;
    }) {
      const name = String(input.name ?? '').trim();
      const problems = createProblems();
      if (!name || name.length > 100) problems.add('name: use 1–100 characters');
      checkRole(input.role, problems);
      if (input.expiresAt && Number.isNaN(Date.parse(input.expiresAt)))
        problems.add('expiresAt: must be a date');
      problems.throwIfAny();
      const token = newSecretToken('msi_');
      const row: ApiTokensTable = {
        id: randomUUID(),
        name,
        token_hash: hashSecretToken(token),
        role: input.role,
        created_by: input.createdBy ?? null,
        created_at: isoNow(clock),
        last_used_at: null,
        expires_at: input.expiresAt ? new Date(input.expiresAt).toISOString() : null,
        revoked_at: null,
      };
      await store.db.insertInto('api_tokens').values(row).execute();
      return { token, view: toView(row) };
    },

    async list(): Promise<ApiTokenView[]> {
      const rows = await store.db
        .selectFrom('api_tokens')
        .selectAll()
        .orderBy('created_at', 'desc')
        .execute();
      return rows.map(toView);
    },

    async revoke(id: string): Promise<void> {
      const result = await store.db
        .updateTable('api_tokens')
        .set({ revoked_at: isoNow(clock) })
        .where('id', '=', id)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) === 0) {
        const exists = await store.db
          .selectFrom('api_tokens')
          .select('id')
          .where('id', '=', id)
          .executeTakeFirst();
        if (!exists) throw ApiTokenNotFound.create({ id });
      }
    },

    /** The identity of a bearer token, or null when it is unknown, revoked or expired. */
    async resolve(token: string): Promise<TokenIdentity | null> {
      if (configured && timingSafeEqual(configured, digest(token))) {
        return { id: configuredTokenId, name: 'MS_INBOX_ADMIN_TOKEN', role: 'admin' };
      }
      // The lookup is by SHA-256 of a 256-bit random token: equality on the hash leaks nothing useful.
      const row = await store.db
        .selectFrom('api_tokens')
        .selectAll()
        .where('token_hash', '=', hashSecretToken(token))
        .executeTakeFirst();
      const now = clock.now();
      if (!row || row.revoked_at || (row.expires_at && new Date(row.expires_at) <= now)) return null;
      if (!row.last_used_at || now.getTime() - new Date(row.last_used_at).getTime() > 60_000) {
        await store.db
          .updateTable('api_tokens')
          .set({ last_used_at: now.toISOString() })
          .where('id', '=', row.id)
          .execute();
      }
      return { id: row.id, name: row.name, role: row.role };
    },
  };
}
