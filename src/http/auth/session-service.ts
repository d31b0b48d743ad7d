import { isoNow, type Clock } from '../../shared/index.js';
import type { Store } from '../../store/index.js';
import { hashSecretToken, newSecretToken } from './secret-tokens.js';

/** How long sessions live. */
export interface SessionSettings {
  /** A session unused for this long ends. */
  idleMinutes: number;
  /** A session ends this long after sign-in, however busy. */
  absoluteHours: number;
}

/** Twelve idle hours (a working day), at most seven days in all. */
const defaultSessionSettings: SessionSettings = { idleMinutes: 720, absoluteHours: 168 };

/** A live session as the access hook sees it. */
export interface ActiveSession {
  idHash: string;
  userId: string;
  csrfToken: string;
  expiresAt: string;
}

/** Server-side sessions: the cookie carries a random id, the database only its hash. */
export function createSessionService(deps: {
  store: Store;
  clock: Clock;
  settings?: Partial<SessionSettings>;
}) {
  const { store, clock } = deps;
  const settings = { ...defaultSessionSettings, ...deps.settings };
  const idleMs = settings.idleMinutes * 60_000;
  const absoluteMs = settings.absoluteHours * 3_600_000;
  const expiryFrom = (createdAt: string, now: Date) =>
    new Date(Math.min(now.getTime() + idleMs, new Date(createdAt).getTime() + absoluteMs)).toISOString();

  return {
    /** Longest a cookie may live, for its Max-Age. */
    maxAgeSeconds: Math.floor(absoluteMs / 1000),

    /** Starts a session; the returned `token` goes into the cookie and is never stored. */
    async create(userId: string, context: { ip?: string | null; userAgent?: string | null }) {
      const token = newSecretToken();
      const now = clock.now();
      const created = now.toISOString();
      const session: ActiveSession = {
        idHash: hashSecretToken(token),
        userId,
        csrfToken: newSecretToken(),
        expiresAt: expiryFrom(created, now),
      };
      await store.db.deleteFrom('sessions').where('expires_at', '<=', created).execute();
      await store.db
        .insertInto('sessions')
        .values({
          id_hash: session.idHash,
          user_id: userId,
          csrf_token: session.csrfToken,
          ip: context.ip?.slice(0, 100) ?? null,
          user_agent: context.userAgent?.slice(0, 300) ?? null,
          created_at: created,
          last_seen_at: created,
          expires_at: session.expiresAt,
        })
        .execute();
      return { token, session };
    },

    /** The live session of a cookie value, or null; an active session's idle expiry slides forward. */
    async resolve(token: string): Promise<ActiveSession | null> {
      const idHash = hashSecretToken(token);
      const row = await store.db
        .selectFrom('sessions')
        .selectAll()
        .where('id_hash', '=', idHash)
        .executeTakeFirst();
      const now = clock.now();
      if (!row || new Date(row.expires_at) <= now) return null;
      const session: ActiveSession = {
        idHash,
        userId: row.user_id,
        csrfToken: row.csrf_token,
        expiresAt: row.expires_at,
      };
      // Write at most once a minute per session: reads must not turn into a write each.
      if (now.getTime() - new Date(row.last_seen_at).getTime() > 60_000) {
        session.expiresAt = expiryFrom(row.created_at, now);
        await store.db
          .updateTable('sessions')
          .set({ last_seen_at: now.toISOString(), expires_at: session.expiresAt })
          .where('id_hash', '=', idHash)
          .execute();
      }
      return session;
    },

    /** Ends one session (sign out). */
    async end(idHash: string): Promise<void> {
      await store.db.deleteFrom('sessions').where('id_hash', '=', idHash).execute();
    },

    /** Number of live sessions of a user (for the users list). */
    async countFor(userId: string): Promise<number> {
      const row = await store.db
        .selectFrom('sessions')
        .select((eb) => eb.fn.countAll<number | string>().as('n'))
        .where('user_id', '=', userId)
        .where('expires_at', '>', isoNow(clock))
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },
  };
}
