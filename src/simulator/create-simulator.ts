import { randomInt } from 'node:crypto';
import Fastify, { type FastifyInstance } from 'fastify';
import { createSilentLogger, systemClock, type Clock, type Logger } from '../shared/index.js';
import { createControlApi, type SimulatorControl } from './control/control-api.js';
import { controlRoutes } from './control/routes.js';
import type { SimulatorCore, SimulatorSettings } from './core.js';
import { discoveryRoutes } from './entra/discovery.js';
import { createSigningKeys } from './entra/signing-keys.js';
import { tokenRoutes } from './entra/token-route.js';
import { createFaultInjector } from './faults.js';
import { createGraphPipeline } from './graph/pipeline.js';
import { graphPlugin } from './graph/plugin.js';
import { graphRoutes } from './graph/routes.js';
import { createNotificationDispatcher } from './notifications/dispatcher.js';
import { createNotifier, type Notifier } from './notifications/notifier.js';
import { createSubscriptionStore } from './notifications/subscription-store.js';
import { createSeededRandom } from './random.js';
import { createRequestLog } from './request-log.js';
import { createSimClock } from './sim-clock.js';
import { applySeed } from './tenant/apply-seed.js';
import { createDemoSeed } from './tenant/demo-seed.js';
import { createMessageFactory } from './tenant/message-factory.js';
import { createMessagePartsLoader } from './tenant/message-parts.js';
import { createTenantState } from './tenant/state.js';
import type { SimulatorSeed } from './types.js';

/** Options of `createSimulator`. */
export interface SimulatorOptions {
  /** Tenants, apps and mailboxes to start with; the demo tenant when omitted. */
  seed?: SimulatorSeed;
  /** Seeds every random choice (faults, ids, batch order); random when omitted, reported by `info()`. */
  randomSeed?: number;
  /** Longest subscription lifetime in minutes (default 10,070; 4,230 reproduces older tenants). */
  maxSubscriptionMinutes?: number;
  /** Base time source; simulated time runs from it at `timeScale` and can be advanced. */
  clock?: Clock;
  /** Simulated milliseconds per real millisecond (default 1). */
  timeScale?: number;
  log?: Logger;
  /** Fine-tuning of timeouts, retries and limits. */
  settings?: Partial<SimulatorSettings>;
}

/** A running (or ready to run) simulator. */
export interface Simulator {
  /** The Fastify app (use `app.inject()` without listening). */
  readonly app: FastifyInstance;
  readonly control: SimulatorControl;
  /** Resolves once the seed is loaded. */
  readonly ready: Promise<void>;
  /** The base URL after `listen`. */
  readonly url: string | undefined;
  listen(options?: { port?: number; host?: string }): Promise<{ url: string }>;
  close(): Promise<void>;
}

const defaultSettings: SimulatorSettings = {
  maxSubscriptionMinutes: 10_070,
  minSubscriptionMinutes: 45,
  validationTimeoutMs: 10_000,
  deliveryTimeoutMs: 3_000,
  notificationBatchWindowMs: 50,
  retryInitialDelayMs: 10_000,
  retryMaxElapsedMs: 4 * 3600_000,
  reauthorizationLeadMs: 15 * 60_000,
  requireHttpsNotificationUrl: false,
  mailboxConcurrencyLimit: 4,
  mailboxRequestBudget: null,
  requestLogLimit: 50_000,
  maxSubscriptionsPerMailbox: 1000,
};

/** Creates a Microsoft Graph + Entra simulator; nothing listens until `listen()`. */
export function createSimulator(options: SimulatorOptions = {}): Simulator {
  const randomSeed = options.randomSeed ?? randomInt(1, 2 ** 31);
  const random = createSeededRandom(randomSeed);
  const clock = createSimClock({ base: options.clock ?? systemClock, timeScale: options.timeScale });
  const settings: SimulatorSettings = {
    ...defaultSettings,
    ...options.settings,
    ...(options.maxSubscriptionMinutes === undefined
      ? {}
      : { maxSubscriptionMinutes: options.maxSubscriptionMinutes }),
  };
  const log = options.log ?? createSilentLogger();
  const closing = new AbortController();
  const faults = createFaultInjector(random.fork('faults'));
  const requestLog = createRequestLog({ limit: settings.requestLogLimit });
  const ids = random.fork('ids');

  // The notifier needs the store and the store's callbacks need the notifier: bind late, inside this instance.
  const late: { notifier?: Notifier } = {};
  const subscriptions = createSubscriptionStore({
    clock,
    settings,
    onExpired: (sub) => log.debug({ subscriptionId: sub.id }, 'simulator: subscription expired'),
    onReauthorizationDue: (sub) => late.notifier?.sendLifecycle(sub, 'reauthorizationRequired'),
  });
  const dispatcher = createNotificationDispatcher({
    clock,
    settings,
    faults,
    requestLog,
    subscriptions,
    log,
    closing: closing.signal,
    onMissed: (subscriptionIds) => {
      for (const id of subscriptionIds) {
        const sub = subscriptions.get(id);
        if (sub) late.notifier?.sendLifecycle(sub, 'missed');
      }
    },
    onRemoveSubscription: (id) => {
      const sub = subscriptions.remove(id);
      if (sub) late.notifier?.sendLifecycle(sub, 'subscriptionRemoved');
    },
  });
  const activeNotifier = createNotifier({
    clock,
    subscriptions,
    dispatcher,
    random: random.fork('notifications'),
  });
  late.notifier = activeNotifier;
  const state = createTenantState({
    random: ids,
    clock,
    onChange: (change) => activeNotifier.onMailboxChange(change),
  });
  const factory = createMessageFactory({ clock, random: ids });

  const core: SimulatorCore = {
    state,
    clock,
    random: ids,
    faults,
    requestLog,
    parts: createMessagePartsLoader(),
    factory,
    keys: createSigningKeys(),
    subscriptions,
    dispatcher,
    settings,
    log,
    closing: closing.signal,
  };
  const control = createControlApi(core, activeNotifier, randomSeed);
  const ready = applySeed(state, factory, options.seed ?? createDemoSeed());
  ready.catch(() => undefined);

  const app = Fastify({ logger: false, bodyLimit: 150 * 1024 * 1024 });
  void app.register(tokenRoutes, { core });
  void app.register(discoveryRoutes, { core });
  void app.register(graphPlugin, { dispatch: createGraphPipeline(core, graphRoutes) });
  void app.register(controlRoutes, { control });

  let url: string | undefined;
  return {
    app,
    control,
    ready,
    get url() {
      return url;
    },
    async listen(listenOptions = {}) {
      await ready;
      const host = listenOptions.host ?? '127.0.0.1';
      await app.listen({ port: listenOptions.port ?? 0, host });
      const address = app.server.address();
      const port = typeof address === 'object' && address ? address.port : listenOptions.port;
      url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
      return { url };
    },
    async close() {
      closing.abort();
      dispatcher.close();
      subscriptions.close();
      clock.dispose();
      await app.close();
    },
  };
}
