import { Migrator, type Migration, type MigrationProvider } from 'kysely';
import { StoreMigrationFailed, StoreUnreachable } from '../errors/index.js';
import { migrations as allMigrations } from './migrations/index.js';
import type { Store } from './store-types.js';

/** Which migrations a database has applied and which it still lacks. */
interface MigrationState {
  applied: string[];
  pending: string[];
}

type MigratableStore = Pick<Store, 'db' | 'location'>;

function createMigrator(store: MigratableStore, migrations: Record<string, Migration>): Migrator {
  const provider: MigrationProvider = { getMigrations: async () => migrations };
  return new Migrator({ db: store.db, provider });
}

/**
 * Applies every pending migration in one transaction and returns the names applied (none when
 * the schema is current). On PostgreSQL Kysely takes an advisory lock, so several processes may call it.
 */
export async function migrateToLatest(
  store: MigratableStore,
  migrations: Record<string, Migration> = allMigrations,
): Promise<string[]> {
  const { error, results = [] } = await createMigrator(store, migrations).migrateToLatest();
  if (error !== undefined) {
    const failed = results.find((r) => r.status === 'Error')?.migrationName ?? null;
    throw StoreMigrationFailed.create(
      { migration: failed, reason: error instanceof Error ? error.message : String(error) },
      { cause: error },
    );
  }
  return results.filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/** Lists applied and pending migrations without changing anything (for `/readyz` and the CLI). */
export async function getMigrationState(
  store: MigratableStore,
  migrations: Record<string, Migration> = allMigrations,
): Promise<MigrationState> {
  try {
    const infos = await createMigrator(store, migrations).getMigrations();
    return {
      applied: infos.filter((m) => m.executedAt !== undefined).map((m) => m.name),
      pending: infos.filter((m) => m.executedAt === undefined).map((m) => m.name),
    };
  } catch (error) {
    throw StoreUnreachable.create(
      { location: store.location, reason: error instanceof Error ? error.message : String(error) },
      { cause: error },
    );
  }
}
