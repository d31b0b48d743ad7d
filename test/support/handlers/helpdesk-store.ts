import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHelpdeskStore, type HelpdeskStore } from '../../../src/helpdesk/index.js';
import type { Clock } from '../../../src/shared/index.js';
import { migrateToLatest, type Store } from '../../../src/store/index.js';
import type { TestDatabase } from '../test-databases.js';

/** A migrated store with empty helpdesk tables, a fresh data dir and a helpdesk store over both. */
export interface HelpdeskTestContext {
  store: Store;
  dataDir: string;
  helpdesk: HelpdeskStore;
  /** Closes the store and removes the data dir. */
  close(): Promise<void>;
}

/** Opens a store of `db` for helpdesk tests (tests of one suite share a PostgreSQL database). */
export async function openHelpdeskTestStore(
  db: TestDatabase,
  options: { clock?: Clock; drawNumber?: () => string } = {},
): Promise<HelpdeskTestContext> {
  const store = await db.open();
  await migrateToLatest(store);
  await resetHelpdeskTables(store);
  const dataDir = mkdtempSync(join(tmpdir(), 'msi-helpdesk-'));
  const helpdesk = createHelpdeskStore({ store, dataDir, ...options });
  return {
    store,
    dataDir,
    helpdesk,
    async close() {
      await store.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Empties every helpdesk table except the status option set. */
export async function resetHelpdeskTables(store: Pick<Store, 'db'>): Promise<void> {
  for (const table of [
    'helpdesk_message_ids',
    'helpdesk_documents',
    'helpdesk_notes',
    'helpdesks',
    'persons',
    'companies',
    'helpdesk_types',
  ] as const) {
    await store.db.deleteFrom(table).execute();
  }
}
