import { AuthInputInvalid } from '../../errors/index.js';
import type { AccessRole } from '../../store/index.js';

/** Shortest password accepted; long passphrases beat complexity rules (NIST SP 800-63B §5.1.1). */
const minimumPasswordLength = 10;
/** Longest password hashed, so a huge body cannot make scrypt do needless work. */
const maximumPasswordLength = 1024;

const usernamePattern = /^[a-z0-9][a-z0-9._@-]{0,63}$/;
const groupPattern = /^[\p{L}\p{N}][\p{L}\p{N} ._-]{0,99}$/u;

/** Collects field problems and throws them together, each naming its field. */
export function createProblems() {
  const problems: string[] = [];
  return {
    add: (problem: string) => problems.push(problem),
    throwIfAny() {
      if (problems.length) throw AuthInputInvalid.create({ problems });
    },
  };
}

/** Lower-cases a login name; names are compared case-insensitively. */
export const normaliseUsername = (username: string) => username.trim().toLowerCase();

/** Adds the problems of a login name. */
export function checkUsername(username: string, problems: { add(p: string): void }): void {
  if (!usernamePattern.test(username)) {
    problems.add('username: use 1–64 letters, digits, ".", "_", "@" or "-", starting with a letter or digit');
  }
}

/** Adds the problems of a new password. */
export function checkPassword(
  password: unknown,
  problems: { add(p: string): void },
  field = 'password',
): void {
  if (typeof password !== 'string' || password.length < minimumPasswordLength) {
    problems.add(`${field}: use at least ${minimumPasswordLength} characters`);
  } else if (password.length > maximumPasswordLength) {
    problems.add(`${field}: use at most ${maximumPasswordLength} characters`);
  }
}

/** The roles, most powerful first: admins administer, agents work tickets, viewers only read. */
const accessRoles: readonly AccessRole[] = Object.freeze(['admin', 'agent', 'viewer']);

/** Adds the problem of a role that is not one of `accessRoles`. */
export function checkRole(role: unknown, problems: { add(p: string): void }): role is AccessRole {
  if (accessRoles.includes(role as AccessRole)) return true;
  problems.add('role: must be admin, agent or viewer');
  return false;
}

/** Adds the problems of a group name. */
export function checkGroupName(name: string, problems: { add(p: string): void }): void {
  if (!groupPattern.test(name)) {
    problems.add('name: use 1–100 letters, digits, spaces, ".", "_" or "-", starting with a letter or digit');
  }
}
