import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testDatabases } from '../../test/support/test-databases.js';
import { waitFor } from '../../test/support/wait-for.js';
import { AppError } from '../errors/index.js';
import { createSilentLogger } from '../shared/index.js';
import { openStore, pingStore, type Store } from './index.js';

const log = createSilentLogger();

describe('openStore', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'msi-store-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('creates the data directory and an SQLite file with WAL, foreign keys and a busy timeout', async () => {
    const dataDir = join(dir, 'nested', 'data');
    const store = await openStore({ databaseUrl: null, dataDir, log });
    try {
      expect(store.dialect).toBe('sqlite');
      expect(existsSync(join(dataDir, 'ms-inbox.db'))).toBe(true);
      const pragma = async (name: string) =>
        Object.values(
          (await sql.raw<Record<string, unknown>>(`pragma ${name}`).execute(store.db)).rows[0] ?? {},
        )[0];
      expect(await pragma('journal_mode')).toBe('wal');
      expect(await pragma('foreign_keys')).toBe(1);
      expect(await pragma('busy_timeout')).toBe(5000);
    } finally {
      await store.close();
    }
  });

  it('rejects an unsupported URL without echoing its password', async () => {
    const error = await openStore({ databaseUrl: 'mysql://root:hunter2@db/x', dataDir: dir, log }).catch(
      (e) => e,
    );
    expect(error).toBeInstanceOf(AppError);
    expect(error.code).toBe('MSI_STORE_URL_UNSUPPORTED');
    expect(error.message).not.toContain('hunter2');
  });

  it('reports an unreachable PostgreSQL server without the password of the URL', async () => {
    const databaseUrl = 'postgres://app:hunter2@127.0.0.1:1/inbox';
    const error = await openStore({ databaseUrl, dataDir: dir, log }).catch((e) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(error.code).toBe('MSI_STORE_UNREACHABLE');
    expect(error.retryable).toBe(true);
    expect(error.message).toContain('127.0.0.1:1');
    expect(error.message).not.toContain('hunter2');
  });
});

for (const db of testDatabases()) {
  describe(`store on ${db.name}`, () => {
    let store: Store;
    beforeEach(async () => {
      store = await db.open();
      await sql`drop table if exists store_probe`.execute(store.db);
      await sql`create table store_probe (n integer not null)`.execute(store.db);
    });
    afterEach(() => store.close());

    const count = async () =>
      Number(
        (await sql<{ n: number | string }>`select count(*) as n from store_probe`.execute(store.db)).rows[0]
          ?.n,
      );

    it('commits a transaction that resolves and rolls back one that throws', async () => {
      await store.transaction((trx) => sql`insert into store_probe (n) values (1)`.execute(trx));
      const failing = store.transaction(async (trx) => {
        await sql`insert into store_probe (n) values (2)`.execute(trx);
        throw new Error('changed my mind');
      });
      await expect(failing).rejects.toThrow('changed my mind');
      expect(await count()).toBe(1);
    });

    it('delivers notifications to listeners until they close', async () => {
      const received: string[] = [];
      const subscription = await store.listen('msi_probe', (payload) => received.push(payload));
      await store.notify(store.db, 'msi_probe', 'hello');
      await waitFor('the notification', () => received.includes('hello'));
      await subscription.close();
      await store.notify(store.db, 'msi_probe', 'late');
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(received).toEqual(['hello']);
    });

    it('answers a ping while open and reports MSI_STORE_UNREACHABLE once closed', async () => {
      await pingStore(store);
      await store.close();
      await expect(pingStore(store)).rejects.toMatchObject({ code: 'MSI_STORE_UNREACHABLE' });
    });

    if (db.name === 'postgres') {
      it('sends a notification made in a transaction only on commit', async () => {
        const received: string[] = [];
        const subscription = await store.listen('msi_probe', (payload) => received.push(payload));
        await store
          .transaction(async (trx) => {
            await store.notify(trx, 'msi_probe', 'rolled-back');
            throw new Error('rollback');
          })
          .catch(() => undefined);
        await store.transaction((trx) => store.notify(trx, 'msi_probe', 'committed'));
        await waitFor('the committed notification', () => received.includes('committed'));
        expect(received).toEqual(['committed']);
        await subscription.close();
      });

      it('re-establishes a dropped LISTEN connection and reports the gap with an empty notification', async () => {
        const received: string[] = [];
        const subscription = await store.listen('msi_probe', (payload) => received.push(payload));
        const killed = await sql<{ pid: number }>`
          select pg_terminate_backend(pid) as pid from pg_stat_activity
          where datname = current_database() and query = 'LISTEN msi_probe'`.execute(store.db);
        expect(killed.rows).toHaveLength(1);
        await waitFor('the reconnection', () => received.includes(''));
        await store.notify(store.db, 'msi_probe', 'after');
        await waitFor('a notification after reconnecting', () => received.includes('after'));
        await subscription.close();
      });
    }
  });
}
