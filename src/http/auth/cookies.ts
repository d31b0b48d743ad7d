/** Reads one cookie from a `Cookie` header; null when it is absent or malformed. */
export function readCookie(header: string | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const index = part.indexOf('=');
    if (index < 0) continue;
    if (part.slice(0, index).trim() !== name) continue;
    const value = part.slice(index + 1).trim();
    return /^[\w-]{1,200}$/.test(value) ? value : null;
  }
  return null;
}

/** Attributes of the session cookie; `secure` also switches to the `__Host-` name prefix. */
interface SessionCookieOptions {
  secure: boolean;
  maxAgeSeconds: number;
}

/** The session cookie's name: `__Host-` pins it to this host and path `/` when it is Secure. */
export const sessionCookieName = (secure: boolean) => (secure ? '__Host-msi_session' : 'msi_session');

/** Serialises the session cookie: HttpOnly, SameSite=Strict, Path=/, Secure when served over https. */
export function sessionCookie(value: string, options: SessionCookieOptions): string {
  return [
    `${sessionCookieName(options.secure)}=${value}`,
    'Path=/',
    'HttpOnly',
    'SameSite=Strict',
    `Max-Age=${options.maxAgeSeconds}`,
    ...(options.secure ? ['Secure'] : []),
  ].join('; ');
}

/** A cookie that removes the session cookie from the browser. */
export function clearedSessionCookie(secure: boolean): string {
  return sessionCookie('', { secure, maxAgeSeconds: 0 });
}
