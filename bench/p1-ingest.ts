import autocannon, { type Result } from 'autocannon';
import { fileURLToPath } from 'node:url';
import { supportAddress } from '../test/support/pipeline/pipeline-harness.js';
import { round, startBenchCluster, startChild, type BenchOptions } from './bench-env.js';

/** P1 figures: requests/s and p99 of the notification endpoint, and of a bare Fastify server in the same run. */
export interface IngestResult {
  inboxRequestsPerS: number;
  inboxP99Ms: number;
  helloRequestsPerS: number;
  helloP99Ms: number;
  ratio: number;
  itemsPerRequest: number;
  ledgerRows: number;
  non2xx: number;
}

const helloScript = fileURLToPath(new URL('./hello-fastify.ts', import.meta.url));

/** A change notification collection of 1–10 items (cycling, 5.5 on average), each announcing a new mail. */
function bodies(subscriptionId: string, clientState: string) {
  let mail = 0;
  let request = 0;
  return () => {
    const count = (request++ % 10) + 1;
    const value = Array.from({ length: count }, () => {
      const id = `AAMkAGI2TG93AAA=bench${(mail++).toString(36)}`;
      return {
        subscriptionId,
        subscriptionExpirationDateTime: '2030-01-01T00:00:00.0000000Z',
        changeType: 'created',
        resource: `Users/00000000-0000-0000-0000-000000000001/Messages/${id}`,
        resourceData: {
          '@odata.type': '#Microsoft.Graph.Message',
          '@odata.id': `Users/x/Messages/${id}`,
          id,
        },
        clientState,
        tenantId: '00000000-0000-0000-0000-000000000002',
      };
    });
    return JSON.stringify({ value });
  };
}

async function load(url: string, body: () => string, seconds: number): Promise<Result> {
  return autocannon({
    url,
    connections: 10,
    duration: seconds,
    requests: [
      {
        method: 'POST',
        path: '/graph/notifications',
        headers: { 'content-type': 'application/json' },
        setupRequest: (request) => ({ ...request, body: body() }),
      },
    ],
  });
}

/** Runs P1 on SQLite: the ms-inbox web role (intake writes ledger rows and jobs) against the bare baseline. */
export async function runIngest(options: BenchOptions): Promise<IngestResult> {
  const cluster = await startBenchCluster('sqlite', options);
  try {
    const setup = await cluster.startService({ instance: 'p1-setup' });
    await cluster.addResource(cluster.publicUrl, supportAddress);
    await setup.stop();
    const subscription = cluster.sim.control.listSubscriptions()[0];
    if (!subscription?.clientState) throw new Error('no subscription with a clientState');
    const body = bodies(subscription.id, subscription.clientState);

    // The web role alone: no worker competes for the CPU, as behind a load balancer with separate workers.
    const web = await cluster.startService({ instance: 'p1-web', role: 'web' });
    const hello = await startChild(helloScript);
    const seconds = options.quick ? 5 : 10;
    const rounds = options.quick ? 1 : 2;
    await load(hello.url, body, 2);
    await load(cluster.publicUrl, body, 2);
    const inbox: Result[] = [];
    const bare: Result[] = [];
    for (let i = 0; i < rounds; i += 1) {
      bare.push(await load(hello.url, body, seconds));
      inbox.push(await load(cluster.publicUrl, body, seconds));
    }
    await hello.stop();
    await web.stop();
    const mean = (results: Result[], pick: (r: Result) => number) =>
      results.reduce((sum, r) => sum + pick(r), 0) / results.length;
    const ledger = await cluster.store.db
      .selectFrom('messages')
      .select(({ fn }) => fn.countAll<number | string>().as('n'))
      .executeTakeFirstOrThrow();
    const inboxRps = mean(inbox, (r) => r.requests.average);
    const helloRps = mean(bare, (r) => r.requests.average);
    return {
      inboxRequestsPerS: round(inboxRps),
      inboxP99Ms: round(mean(inbox, (r) => r.latency.p99)),
      helloRequestsPerS: round(helloRps),
      helloP99Ms: round(mean(bare, (r) => r.latency.p99)),
      ratio: round(inboxRps / helloRps, 3),
      itemsPerRequest: 5.5,
      ledgerRows: Number(ledger.n),
      non2xx: inbox.reduce((sum, r) => sum + r.non2xx + r.errors, 0),
    };
  } finally {
    await cluster.dispose();
  }
}
