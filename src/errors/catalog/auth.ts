import { defineError } from '../define-error.js';

export const LoginFailed = defineError({
  code: 'MSI_AUTH_LOGIN_FAILED',
  httpStatus: 401,
  retryable: false,
  description:
    'Sign-in refused: unknown user, wrong password or disabled account (deliberately not told apart).',
  message: () => 'Wrong user name or password',
});

export const LoginRateLimited = defineError<{ retryAfterSeconds: number }>({
  code: 'MSI_AUTH_LOGIN_RATE_LIMITED',
  httpStatus: 429,
  retryable: true,
  description:
    'Too many failed sign-ins for this user or from this address; wait for the time in Retry-After.',
  message: (p) => `Too many failed sign-ins; try again in ${Math.ceil(p.retryAfterSeconds / 60)} minute(s)`,
});

export const AccessForbidden = defineError<{ needed: string }>({
  code: 'MSI_AUTH_FORBIDDEN',
  httpStatus: 403,
  retryable: false,
  description: 'Signed in, but the role or groups of the caller do not allow this request.',
  message: (p) => `Not allowed: this needs ${p.needed}`,
});

export const CsrfTokenInvalid = defineError({
  code: 'MSI_AUTH_CSRF_INVALID',
  httpStatus: 403,
  retryable: false,
  description:
    'A change made with a browser session lacked the x-csrf-token header of that session (reload the page).',
  message: () => 'Missing or wrong x-csrf-token header for this session',
});

export const AuthInputInvalid = defineError<{ problems: string[] }>({
  code: 'MSI_AUTH_INPUT_INVALID',
  httpStatus: 400,
  retryable: false,
  description: 'A user, group, password or token field was rejected; every problem names its field.',
  message: (p) => `Invalid input: ${p.problems.join('; ')}`,
});

export const UserExists = defineError<{ username: string }>({
  code: 'MSI_AUTH_USER_EXISTS',
  httpStatus: 409,
  retryable: false,
  description: 'A user with this name exists already.',
  message: (p) => `User ${p.username} exists already`,
});

export const UserNotFound = defineError<{ username: string }>({
  code: 'MSI_AUTH_USER_NOT_FOUND',
  httpStatus: 404,
  retryable: false,
  description: 'No user has this name.',
  message: (p) => `No user ${p.username}`,
});

export const GroupExists = defineError<{ name: string }>({
  code: 'MSI_AUTH_GROUP_EXISTS',
  httpStatus: 409,
  retryable: false,
  description: 'A group with this name exists already.',
  message: (p) => `Group ${p.name} exists already`,
});

export const GroupNotFound = defineError<{ name: string }>({
  code: 'MSI_AUTH_GROUP_NOT_FOUND',
  httpStatus: 404,
  retryable: false,
  description: 'No group has this name.',
  message: (p) => `No group ${p.name}`,
});

export const LastAdminKept = defineError({
  code: 'MSI_AUTH_LAST_ADMIN',
  httpStatus: 409,
  retryable: false,
  description: 'The change would leave no enabled admin user; add another admin first.',
  message: () => 'This is the last enabled admin; add another admin first',
});

export const PasswordMismatch = defineError({
  code: 'MSI_AUTH_PASSWORD_MISMATCH',
  httpStatus: 400,
  retryable: false,
  description: 'Changing your own password needs your current password, and it was wrong.',
  message: () => 'The current password is wrong',
});

export const ApiTokenNotFound = defineError<{ id: string }>({
  code: 'MSI_AUTH_TOKEN_NOT_FOUND',
  httpStatus: 404,
  retryable: false,
  description: 'No API token has this id.',
  message: (p) => `No API token ${p.id}`,
});
