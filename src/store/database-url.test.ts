import { describe, expect, it } from 'vitest';
import { redactDatabaseUrl, redactPasswordIn, resolveDatabaseTarget } from './database-url.js';

describe('database URL', () => {
  it('no URL means SQLite in the data directory', () => {
    expect(resolveDatabaseTarget(null, '/srv/data')).toEqual({
      dialect: 'sqlite',
      filename: '/srv/data/ms-inbox.db',
    });
    expect(resolveDatabaseTarget('  ', '/srv/data')?.dialect).toBe('sqlite');
  });

  it('postgres:// and postgresql:// mean PostgreSQL; other schemes are unsupported', () => {
    expect(resolveDatabaseTarget('postgres://h/db', '/d')).toEqual({
      dialect: 'postgres',
      url: 'postgres://h/db',
    });
    expect(resolveDatabaseTarget('postgresql://h/db', '/d')?.dialect).toBe('postgres');
    expect(resolveDatabaseTarget('mysql://h/db', '/d')).toBeNull();
  });

  it('redaction hides the password and password-like query parameters', () => {
    const redacted = redactDatabaseUrl(
      'postgres://app:hunter2@db.example:5432/inbox?sslpassword=s3cret&ssl=true',
    );
    expect(redacted).not.toContain('hunter2');
    expect(redacted).not.toContain('s3cret');
    expect(redacted).toContain('app:***@db.example:5432/inbox');
    expect(redactDatabaseUrl('postgres://db.example/inbox')).toBe('postgres://db.example/inbox');
    expect(redactDatabaseUrl('nonsense')).toBe('(unparseable URL)');
  });

  it('a driver message loses the URL and the password, raw or percent-decoded', () => {
    const url = 'postgres://app:p%40ss@db/inbox';
    const text = `failed for ${url}: password p@ss rejected (p%40ss)`;
    const redacted = redactPasswordIn(text, url);
    expect(redacted).not.toMatch(/p@ss|p%40ss/);
    expect(redacted).toContain('postgres://app:***@db/inbox');
  });
});
