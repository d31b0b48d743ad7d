import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { afterAll } from 'vitest';
import { createSilentLogger } from '../../src/shared/index.js';
import { openStore, type Store } from '../../src/store/index.js';

/** How to reach the database of a store from another process or another pool. */
export interface StoreConnection {
  databaseUrl: string | null;
  dataDir: string;
}

/** One real database the store and queue tests run against. */
export interface TestDatabase {
  name: 'sqlite' | 'postgres';
  /** SQLite: a fresh file in a fresh temporary directory. PostgreSQL: a new pool on this suite's database. */
  open(): Promise<Store>;
  /** PostgreSQL: the URL of this suite's database. */
  url?: string;
  /** What another process needs to open the same database as `store`. */
  connectionOf(store: Store): StoreConnection;
  /** Closes what `open` opened and removes the suite's database or temporary directories; idempotent. */
  dispose(): Promise<void>;
}

const startCommand = 'pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql | head -n 1) main start';
const staleAfterMs = 3_600_000;
const probeOutcomes = new Map<string, string | null>();

/**
 * SQLite always; PostgreSQL when reachable (one attempt is made to start it). Unreachable PostgreSQL
 * fails the suite when CI=true and is skipped with a warning otherwise. Cleanup is registered with
 * `afterAll`, and `dispose()` may also be called directly.
 */
export function testDatabases(): TestDatabase[] {
  const databases = createTestDatabases();
  afterAll(async () => {
    for (const database of databases) await database.dispose();
  });
  return databases;
}

/** `testDatabases()` without the `afterAll` registration: the caller disposes. */
export function createTestDatabases(): TestDatabase[] {
  const databases: TestDatabase[] = [sqliteDatabase()];
  const adminUrl = process.env.MS_INBOX_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const problem = postgresProblem(adminUrl);
  if (problem === null) databases.push(postgresDatabase(adminUrl));
  else if (process.env.CI === 'true')
    throw new Error(`PostgreSQL is required on CI but unreachable: ${problem}`);
  else console.warn(`\n!!! PostgreSQL tests SKIPPED: ${problem}\n!!! (set CI=true to make this fatal)\n`);
  return databases;
}

function sqliteDatabase(): TestDatabase {
  const dirs: string[] = [];
  const stores: Store[] = [];
  return {
    name: 'sqlite',
    async open() {
      const dataDir = mkdtempSync(join(tmpdir(), 'msi-test-'));
      dirs.push(dataDir);
      const store = await openStore({ databaseUrl: null, dataDir, log: createSilentLogger() });
      stores.push(store);
      return store;
    },
    connectionOf: (store) => ({ databaseUrl: null, dataDir: dirname(store.location) }),
    async dispose() {
      await Promise.all(stores.splice(0).map((s) => s.close()));
      for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
    },
  };
}

function postgresDatabase(adminUrl: string): TestDatabase {
  const name = `msi_test_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const suiteUrl = url.toString();
  const stores: Store[] = [];
  let created: Promise<void> | undefined;
  let disposed = false;

  return {
    name: 'postgres',
    url: suiteUrl,
    async open() {
      created ??= withAdmin(adminUrl, async (admin) => {
        await dropStaleDatabases(admin);
        await admin.query(`create database ${name}`);
      });
      await created;
      const store = await openStore({ databaseUrl: suiteUrl, dataDir: tmpdir(), log: createSilentLogger() });
      stores.push(store);
      return store;
    },
    connectionOf: () => ({ databaseUrl: suiteUrl, dataDir: tmpdir() }),
    async dispose() {
      await Promise.all(stores.splice(0).map((s) => s.close()));
      if (disposed || created === undefined) return;
      disposed = true;
      await created.catch(() => undefined);
      await withAdmin(adminUrl, (admin) => admin.query(`drop database if exists ${name} with (force)`));
    },
  };
}

async function withAdmin<T>(adminUrl: string, fn: (admin: pg.Client) => Promise<T>): Promise<T> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    return await fn(admin);
  } finally {
    await admin.end();
  }
}

/** Databases of test runs that died before their cleanup (names carry their creation time). */
async function dropStaleDatabases(admin: pg.Client): Promise<void> {
  const { rows } = await admin.query<{ datname: string }>(
    "select datname from pg_database where datname like 'msi\\_test\\_%'",
  );
  for (const { datname } of rows) {
    const createdMs = parseInt(datname.split('_')[2] ?? '', 36);
    if (Number.isFinite(createdMs) && Date.now() - createdMs > staleAfterMs) {
      await admin.query(`drop database if exists ${datname} with (force)`).catch(() => undefined);
    }
  }
}

/** Null when PostgreSQL answers (after one attempt to start it), else why not. Checked once per process. */
function postgresProblem(adminUrl: string): string | null {
  const known = probeOutcomes.get(adminUrl);
  if (known !== undefined) return known;
  let problem = probe(adminUrl);
  if (problem !== null) {
    const start = spawnSync('sh', ['-c', startCommand], { encoding: 'utf8', timeout: 30_000 });
    // Wait for a server that is starting up; when the start command failed there is nothing to wait for.
    const attempts = start.status === 0 ? 20 : 1;
    for (let i = 0; i < attempts && problem !== null; i++) {
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 500);
      problem = probe(adminUrl);
    }
    if (problem !== null) {
      const startOutput = `${start.stderr ?? ''}${start.stdout ?? ''}`.trim() || start.error?.message || '';
      problem = `${problem} (tried \`${startCommand}\`: ${startOutput || `exit ${start.status}`})`;
    }
  }
  probeOutcomes.set(adminUrl, problem);
  return problem;
}

/** Tests collect synchronously, so the check runs in a child process that connects and exits. */
function probe(adminUrl: string): string | null {
  const pgEntry = pathToFileURL(createRequire(import.meta.url).resolve('pg')).href;
  const script = `
    const { default: pg } = await import(${JSON.stringify(pgEntry)});
    const client = new pg.Client({ connectionString: process.env.PROBE_URL, connectionTimeoutMillis: 3000 });
    try { await client.connect(); await client.query('select 1'); await client.end(); }
    catch (error) { console.error(error.message || String(error)); process.exit(1); }`;
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    env: { ...process.env, PROBE_URL: adminUrl },
    encoding: 'utf8',
    timeout: 10_000,
  });
  if (result.status === 0) return null;
  return `${new URL(adminUrl).host}: ${result.stderr.trim() || result.error?.message || 'no answer'}`;
}
