import { randomBytes, randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { createGraphDirectory } from '../../src/cli/service.js';
import { createStaticHandlerDirectory } from '../../src/handlers/index.js';
import { buildHttpApp } from '../../src/http/index.js';
import { createInbox } from '../../src/inbox/index.js';
import { createJobQueue } from '../../src/jobs/index.js';
import { createSilentLogger, systemClock } from '../../src/shared/index.js';
import { demoTenant } from '../../src/simulator/index.js';
import { migrateToLatest, type Store } from '../../src/store/index.js';
import { demoServiceConfig } from './demo-config.js';
import { insertResourceRow } from './resource-rows.js';
import type { TestDatabase } from './test-databases.js';

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
  await migrateToLatest(store);
  const connection = database.connectionOf(store);
  // Nothing here talks to Graph: intake only reads and writes the database.
  const unused = 'http://127.0.0.1:9';
  const config = demoServiceConfig({
    ...connection,
    client: demoTenant,
    simulatorUrl: unused,
    publicUrl: unused,
  });
  const log = createSilentLogger();
  const queue = createJobQueue({ store, clock: systemClock, log });
  const inbox = createInbox({
    store,
    queue,
    clock: systemClock,
    log,
    config,
    graphFor: createGraphDirectory(config, log),
    handlers: createStaticHandlerDirectory({}),
    publicUrl: unused,
  });
  const app = await buildHttpApp({
    log,
    readiness: async () => [],
    inbox,
    adminToken: null,
    access: { store, clock: systemClock, secureCookies: false },
  });

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
    async close() {
      await app.close();
    },
  };
}
