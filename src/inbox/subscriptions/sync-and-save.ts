import { randomUUID } from 'node:crypto';
import { ClientUnknown } from '../../errors/index.js';
import { isoNow } from '../../shared/index.js';
import type { InboxDeps } from '../inbox-deps.js';
import { listResourceRows } from '../resources/resource-repository.js';
import type { EnsureResult, SubscriptionManager } from './subscription-manager.js';

/** One Sync & Save run of one client, as its history shows it. */
export interface SyncRun {
  id: string;
  clientName: string;
  trigger: string;
  startedAt: string;
  finishedAt: string | null;
  outcomes: EnsureResult[];
}

/** Sync & Save (the seed's admin action): ensure every resource's subscription, and keep a bounded history. */
export function createSyncAndSave(deps: InboxDeps, subscriptions: SubscriptionManager) {
  const { store, clock, config } = deps;
  const clientNames = () => config.clients.map((c) => c.name);

  const runClient = async (clientName: string, trigger: string): Promise<SyncRun> => {
    const id = randomUUID();
    const startedAt = isoNow(clock);
    const outcomes: EnsureResult[] = [];
    for (const resource of await listResourceRows(store.db, clientName)) {
      outcomes.push(await subscriptions.ensure(resource.id, { force: trigger === 'manual' }));
    }
    const run: SyncRun = { id, clientName, trigger, startedAt, finishedAt: isoNow(clock), outcomes };
    await store.transaction(async (trx) => {
      await trx
        .insertInto('sync_runs')
        .values({
          id,
          client_name: clientName,
          trigger,
          started_at: startedAt,
          finished_at: run.finishedAt,
          outcomes: JSON.stringify(outcomes),
        })
        .execute();
      const keep = await trx
        .selectFrom('sync_runs')
        .select('id')
        .where('client_name', '=', clientName)
        .orderBy('started_at', 'desc')
        .orderBy('id', 'desc')
        .limit(config.inbox.syncHistoryLength)
        .execute();
      await trx
        .deleteFrom('sync_runs')
        .where('client_name', '=', clientName)
        .where(
          'id',
          'not in',
          keep.map((k) => k.id),
        )
        .execute();
    });
    return run;
  };

  return {
    /** Runs Sync & Save for one client, or every configured client. */
    async run(options: { clientName?: string; trigger: string }): Promise<SyncRun[]> {
      if (options.clientName && !clientNames().includes(options.clientName)) {
        throw ClientUnknown.create({ name: options.clientName, known: clientNames() });
      }
      const names = options.clientName ? [options.clientName] : clientNames();
      const runs: SyncRun[] = [];
      for (const name of names) runs.push(await runClient(name, options.trigger));
      return runs;
    },

    /** The kept runs, newest first, optionally of one client. */
    async history(clientName?: string): Promise<SyncRun[]> {
      let query = store.db
        .selectFrom('sync_runs')
        .selectAll()
        .orderBy('started_at', 'desc')
        .orderBy('id', 'desc');
      if (clientName) query = query.where('client_name', '=', clientName);
      return (await query.execute()).map((row) => ({
        id: row.id,
        clientName: row.client_name,
        trigger: row.trigger,
        startedAt: row.started_at,
        finishedAt: row.finished_at,
        outcomes: JSON.parse(row.outcomes) as EnsureResult[],
      }));
    },
  };
}
