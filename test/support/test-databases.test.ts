import { existsSync } from 'node:fs';
import { dirname } from 'node:path';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { createTestDatabases, testDatabases } from './test-databases.js';

async function databaseExists(url: string): Promise<boolean> {
  const name = new URL(url).pathname.slice(1);
  const adminUrl = new URL(url);
  adminUrl.pathname = '/postgres';
  const admin = new pg.Client({ connectionString: adminUrl.toString() });
  await admin.connect();
  try {
    const { rows } = await admin.query('select 1 from pg_database where datname = $1', [name]);
    return rows.length === 1;
  } finally {
    await admin.end();
  }
}

describe('testDatabases', () => {
  const databases = testDatabases();

  it('always offers SQLite, each open in a fresh directory that dispose removes', async () => {
    const sqlite = databases.find((d) => d.name === 'sqlite')!;
    const [a, b] = [await sqlite.open(), await sqlite.open()];
    expect(a.location).not.toBe(b.location);
    expect(sqlite.connectionOf(a)).toEqual({ databaseUrl: null, dataDir: dirname(a.location) });
    await sqlite.dispose();
    expect(existsSync(a.location)).toBe(false);
    expect(existsSync(b.location)).toBe(false);
  });

  const postgres = databases.find((d) => d.name === 'postgres');
  it.skipIf(postgres === undefined)(
    'gives each suite its own PostgreSQL database and drops it on dispose',
    async () => {
      const other = createTestDatabases().find((d) => d.name === 'postgres')!;
      try {
        const mine = await postgres!.open();
        await other.open();
        expect(postgres!.url).toMatch(/\/msi_test_[a-z0-9]+_[0-9a-f]{8}$/);
        expect(postgres!.url).not.toBe(other.url);
        expect(postgres!.connectionOf(mine).databaseUrl).toBe(postgres!.url);
        expect(await databaseExists(postgres!.url!)).toBe(true);
      } finally {
        await Promise.all([postgres!.dispose(), other.dispose()]);
      }
      await postgres!.dispose();
      expect(await databaseExists(postgres!.url!)).toBe(false);
      expect(await databaseExists(other.url!)).toBe(false);
    },
  );
});
