import type { FastifyInstance } from 'fastify';
import type { AppConfig } from '../config/index.js';
import { isAppError } from '../errors/index.js';
import { buildHttpApp, type ReadinessCheck } from '../http/index.js';
import {
  createJobQueue,
  createJobWorker,
  createScheduler,
  type JobWorker,
  type Scheduler,
} from '../jobs/index.js';
import type { Clock, Logger } from '../shared/index.js';
import { getMigrationState, migrateToLatest, openStore, pingStore, type Store } from '../store/index.js';

/** Which parts a process runs: the HTTP edge, the workers and scheduler, or both (the default). */
export type ServiceRole = 'all' | 'web' | 'worker';

/** A running ms-inbox process. */
export interface RunningService {
  /** Base URL of the HTTP server, or null for a worker-only process. */
  url: string | null;
  store: Store;
  stop(): Promise<void>;
}

async function checkReadiness(store: Store): Promise<ReadinessCheck[]> {
  try {
    await pingStore(store);
  } catch (error) {
    return [{ name: 'database', ok: false, message: isAppError(error) ? error.message : 'unreachable' }];
  }
  const database: ReadinessCheck = { name: 'database', ok: true, message: `reachable (${store.dialect})` };
  const { pending, applied } = await getMigrationState(store);
  const migrations: ReadinessCheck =
    pending.length === 0
      ? { name: 'migrations', ok: true, message: `${applied.length} applied, none pending` }
      : { name: 'migrations', ok: false, message: `${pending.length} pending: ${pending.join(', ')}` };
  return [database, migrations];
}

/** Composes the modules from the configuration and starts them; `stop()` shuts them down in reverse order. */
export async function startService(input: {
  config: AppConfig;
  log: Logger;
  clock: Clock;
  role: ServiceRole;
  host?: string;
}): Promise<RunningService> {
  const { config, log, clock, role } = input;
  const store = await openStore({
    databaseUrl: config.server.databaseUrl,
    dataDir: config.server.dataDir,
    log,
  });
  const applied = await migrateToLatest(store);
  if (applied.length > 0) log.info({ applied }, 'database migrated');

  const queue = createJobQueue({ store, clock, log });
  let worker: JobWorker | null = null;
  let scheduler: Scheduler | null = null;
  if (role !== 'web') {
    worker = createJobWorker({ store, queue, handlers: {}, clock, log });
    await worker.start();
    scheduler = createScheduler({ store, clock, log });
    scheduler.start();
  }

  let app: FastifyInstance | null = null;
  let url: string | null = null;
  if (role !== 'worker') {
    app = buildHttpApp({ log, readiness: () => checkReadiness(store) });
    await app.listen({ port: config.server.port, host: input.host ?? '0.0.0.0' });
    url = `http://localhost:${config.server.port}`;
  }

  return {
    url,
    store,
    async stop() {
      await app?.close();
      await scheduler?.stop();
      await worker?.stop();
      await store.close();
    },
  };
}
