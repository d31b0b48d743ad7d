import { LoginFailed } from '../../errors/index.js';
import type { Clock } from '../../shared/index.js';
import type { AccessRole, Store } from '../../store/index.js';
import { createApiTokenService } from './api-token-service.js';
import { createGroupService } from './group-service.js';
import { createLoginThrottle, type LoginLimits } from './login-throttle.js';
import { createSessionService, type ActiveSession, type SessionSettings } from './session-service.js';
import { createUserService, type UserView } from './user-service.js';

/** Who a request speaks for: a signed-in user (browser session) or an API token. */
export type Principal =
  | {
      kind: 'user';
      id: string;
      name: string;
      displayName: string | null;
      role: AccessRole;
      groups: string[];
      session: ActiveSession;
    }
  | { kind: 'token'; id: string; name: string; role: AccessRole; groups: string[] };

/** What access is built from. */
interface AuthOptions {
  store: Store;
  clock: Clock;
  /** `MS_INBOX_ADMIN_TOKEN`: an admin API token kept in configuration rather than the database. */
  configuredAdminToken: string | null;
  /** Mark cookies Secure (when the service is reached over https). */
  secureCookies: boolean;
  sessions?: Partial<SessionSettings>;
  loginLimits?: Partial<LoginLimits>;
}

const userPrincipal = (user: UserView, session: ActiveSession): Principal => ({
  kind: 'user',
  id: user.id,
  name: user.username,
  displayName: user.displayName,
  role: user.role,
  groups: user.groups,
  session,
});

/** Users, groups, sessions, API tokens and the sign-in throttle, composed over one store. */
export function createAuth(options: AuthOptions) {
  const { store, clock } = options;
  const users = createUserService({ store, clock });
  const groups = createGroupService({ store, clock });
  const sessions = createSessionService({ store, clock, settings: options.sessions });
  const tokens = createApiTokenService({ store, clock, configuredAdminToken: options.configuredAdminToken });
  const throttle = createLoginThrottle({ store, clock, limits: options.loginLimits });

  return {
    users,
    groups,
    sessions,
    tokens,
    secureCookies: options.secureCookies,

    /** Checks the throttle and the password, then starts a session; failures are counted per user and address. */
    async login(input: { username: string; password: string; ip: string; userAgent?: string | null }) {
      const who = { username: String(input.username ?? ''), ip: input.ip };
      await throttle.check(who);
      const user = await users.verifyLogin(who.username, String(input.password ?? ''));
      if (!user) {
        await throttle.recordFailure(who);
        throw LoginFailed.create();
      }
      await throttle.clearUser(who.username);
      const { token, session } = await sessions.create(user.id, { ip: input.ip, userAgent: input.userAgent });
      return { token, principal: userPrincipal(user, session) };
    },

    /** The principal of a session cookie value; null when the session ended or the user is gone or disabled. */
    async fromSession(token: string): Promise<Principal | null> {
      const session = await sessions.resolve(token);
      if (!session) return null;
      const user = await users.getById(session.userId);
      if (!user || user.disabled) return null;
      return userPrincipal(user, session);
    },

    /** The principal of a bearer token, or null. */
    async fromBearer(token: string): Promise<Principal | null> {
      const identity = await tokens.resolve(token);
      return identity ? { kind: 'token', ...identity, groups: [] } : null;
    },

    /** Admins and API tokens always see the status summary; users only through a chosen group. */
    async canSeeStatus(principal: Principal): Promise<boolean> {
      if (principal.role === 'admin' || principal.kind === 'token') return true;
      const allowed = await groups.statusGroups();
      return principal.groups.some((g) => allowed.includes(g));
    },
  };
}

/** Access, as the HTTP edge and the CLI use it. */
export type Auth = ReturnType<typeof createAuth>;
