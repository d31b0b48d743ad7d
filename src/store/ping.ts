import { sql } from 'kysely';
import { StoreUnreachable } from '../errors/index.js';
import type { Store } from './store-types.js';

/** Resolves when the database answers `select 1` within `timeoutMs`; throws `MSI_STORE_UNREACHABLE` otherwise. */
export async function pingStore(
  store: Pick<Store, 'db' | 'location'>,
  options: { timeoutMs?: number } = {},
): Promise<void> {
  const timeoutMs = options.timeoutMs ?? 2_000;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    await Promise.race([sql`select 1`.execute(store.db), timeout]);
  } catch (error) {
    throw StoreUnreachable.create(
      { location: store.location, reason: error instanceof Error ? error.message : String(error) },
      { cause: error },
    );
  } finally {
    clearTimeout(timer);
  }
}
