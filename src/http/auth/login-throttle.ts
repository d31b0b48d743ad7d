import { randomUUID } from 'node:crypto';
import { LoginRateLimited } from '../../errors/index.js';
import type { Clock } from '../../shared/index.js';
import type { Store } from '../../store/index.js';

/** How many failed sign-ins are allowed within a window, per user name and per client address. */
export interface LoginLimits {
  windowMinutes: number;
  perUser: number;
  perIp: number;
}

/** Five failures per user and twenty per address in fifteen minutes (OWASP's advice is of this order). */
const defaultLoginLimits: LoginLimits = { windowMinutes: 15, perUser: 5, perIp: 20 };

/**
 * Counts failed sign-ins in the database, so every instance behind a load balancer sees the same counts
 * (DESIGN §2: no state another instance needs lives in process memory).
 */
export function createLoginThrottle(deps: { store: Store; clock: Clock; limits?: Partial<LoginLimits> }) {
  const { store, clock } = deps;
  const limits = { ...defaultLoginLimits, ...deps.limits };
  const windowMs = limits.windowMinutes * 60_000;
  const keysOf = (who: { username: string; ip: string }) => [
    { key: `user:${who.username.trim().toLowerCase()}`, max: limits.perUser },
    { key: `ip:${who.ip}`, max: limits.perIp },
  ];

  return {
    /** Throws 429 (with the seconds to wait) when the user or the address has used up its failures. */
    async check(who: { username: string; ip: string }): Promise<void> {
      const now = clock.now().getTime();
      const since = new Date(now - windowMs).toISOString();
      for (const { key, max } of keysOf(who)) {
        const rows = await store.db
          .selectFrom('login_failures')
          .select('at')
          .where('key', '=', key)
          .where('at', '>', since)
          .orderBy('at', 'desc')
          .limit(max)
          .execute();
        if (rows.length < max) continue;
        // The oldest of the last `max` failures leaves the window first.
        const oldest = new Date(rows[rows.length - 1]?.at ?? since).getTime();
        throw LoginRateLimited.create({
          retryAfterSeconds: Math.max(1, Math.ceil((oldest + windowMs - now) / 1000)),
        });
      }
    },

    async recordFailure(who: { username: string; ip: string }): Promise<void> {
      const now = clock.now();
      await store.db
        .deleteFrom('login_failures')
        .where('at', '<=', new Date(now.getTime() - windowMs).toISOString())
        .execute();
      await store.db
        .insertInto('login_failures')
        .values(keysOf(who).map(({ key }) => ({ id: randomUUID(), key, at: now.toISOString() })))
        .execute();
    },

    /** Forgets a user's failures after a successful sign-in; the address keeps its count. */
    async clearUser(username: string): Promise<void> {
      const [user] = keysOf({ username, ip: '' });
      if (user) await store.db.deleteFrom('login_failures').where('key', '=', user.key).execute();
    },
  };
}
