import { randomBytes, randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { startService } from '../../../src/cli/service.js';
import { createStaticHandlerDirectory } from '../../../src/handlers/index.js';
import { createSilentLogger, systemClock } from '../../../src/shared/index.js';
import { demoTenant } from '../../../src/simulator/index.js';
import type { Store } from '../../../src/store/index.js';
import { demoServiceConfig } from '../demo-config.js';
import { insertResourceRow } from '../store/resource-rows.js';
import type { TestDatabase } from '../test-databases.js';

/** The HTTP edge and intake of ms-inbox without workers, so whatever intake enqueues stays visible. */
export interface IntakeEdge {
  app: FastifyInstance;
  store: Store;
  resourceId: string;
  /** A live subscription of the resource, as Graph would name it in notifications. */
  subscriptionId: string;
  clientState: string;
  close(): Promise<void>;
}

/** Builds the edge on a fresh database with one active resource and its subscription. */
export async function startIntakeEdge(database: TestDatabase): Promise<IntakeEdge> {
  const store = await database.open();
  const connection = database.connectionOf(store);
  const unused = 'http://127.0.0.1:9';
  const config = demoServiceConfig({
    ...connection,
    client: demoTenant,
    simulatorUrl: unused,
    publicUrl: unused,
  });
  // The service as `startService` composes it, web role only and not listening: no worker takes the jobs.
  const service = await startService({
    config,
    log: createSilentLogger(),
    clock: systemClock,
    role: 'web',
    listen: false,
    store,
    handlers: createStaticHandlerDirectory({}),
    reconcileAtStart: false,
  });
  const app = service.app;
  if (!app) throw new Error('a web service has an HTTP app');

  const subscriptionId = randomUUID();
  const clientState = randomBytes(32).toString('base64url');
  const now = new Date().toISOString();
  const resourceId = await insertResourceRow(store.db, { email: 'support@contoso.example', createdAt: now });
  await store.db
    .insertInto('resource_subscriptions')
    .values({
      resource_id: resourceId,
      subscription_id: subscriptionId,
      client_state: clientState,
      expires_at: new Date(Date.now() + 86_400_000).toISOString(),
      state: 'active',
      failures: 0,
      renewed_at: now,
      created_at: now,
      updated_at: now,
    })
    .execute();
  return {
    app,
    store,
    resourceId,
    subscriptionId,
    clientState,
    close: () => service.stop(),
  };
}
