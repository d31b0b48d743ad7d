import { describe, expect, it } from 'vitest';
import { clearedSessionCookie, readCookie, sessionCookie } from './cookies.js';
import { decoyPasswordHash, hashPassword, verifyPassword } from './password-hash.js';

describe('password hashing', () => {
  it('verifies the right password only, with a fresh salt per hash', async () => {
    const first = await hashPassword('correct horse battery');
    const second = await hashPassword('correct horse battery');
    expect(first).not.toBe(second);
    expect(await verifyPassword('correct horse battery', first)).toBe(true);
    expect(await verifyPassword('correct horse batterY', first)).toBe(false);
    expect(await verifyPassword('anything', decoyPasswordHash)).toBe(false);
    expect(await verifyPassword('anything', 'md5$abc')).toBe(false);
  });

  it('honours the cost stored with a hash', async () => {
    const cheap = await hashPassword('pw pw pw pw', { N: 1024, r: 8, p: 1 });
    expect(cheap).toMatch(/^scrypt\$1024\$8\$1\$/);
    expect(await verifyPassword('pw pw pw pw', cheap)).toBe(true);
  });
});

describe('session cookie', () => {
  it('is HttpOnly and SameSite=Strict, and Secure with the __Host- prefix over https', () => {
    expect(sessionCookie('abc', { secure: false, maxAgeSeconds: 60 })).toBe(
      'msi_session=abc; Path=/; HttpOnly; SameSite=Strict; Max-Age=60',
    );
    expect(sessionCookie('abc', { secure: true, maxAgeSeconds: 60 })).toBe(
      '__Host-msi_session=abc; Path=/; HttpOnly; SameSite=Strict; Max-Age=60; Secure',
    );
    expect(clearedSessionCookie(false)).toContain('Max-Age=0');
  });

  it('reads only well-formed values of the named cookie', () => {
    expect(readCookie('a=1; msi_session=xyz-_9; b=2', 'msi_session')).toBe('xyz-_9');
    expect(readCookie('msi_session=<script>', 'msi_session')).toBeNull();
    expect(readCookie(undefined, 'msi_session')).toBeNull();
  });
});
