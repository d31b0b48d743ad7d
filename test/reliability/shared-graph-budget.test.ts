import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RequestLogEntry } from '../../src/simulator/index.js';
import type { Store } from '../../src/store/index.js';
import { deliverStream } from '../support/mail/mail-stream.js';
import { freePort, supportAddress } from '../support/pipeline/pipeline-harness.js';
import { startRoundRobinProxy, type RoundRobinProxy } from '../support/processes/round-robin-proxy.js';
import { startCluster, type ServiceCluster } from '../support/processes/service-cluster.js';
import { testDatabases } from '../support/test-databases.js';
import { countTickets, exactlyOnceReport, readTickets } from '../support/processes/ticket-handler.js';
import { waitFor } from '../support/wait-for.js';

const mailCount = 200;

/** The most requests the simulator was serving at one moment (an answer ending as another starts: not both). */
function peakInFlight(entries: readonly RequestLogEntry[]): number {
  const edges = entries.flatMap((e) => [
    { at: Date.parse(e.startedAt), delta: 1 },
    { at: Date.parse(e.finishedAt), delta: -1 },
  ]);
  edges.sort((a, b) => a.at - b.at || a.delta - b.delta);
  let now = 0;
  let peak = 0;
  for (const edge of edges) {
    now += edge.delta;
    peak = Math.max(peak, now);
  }
  return peak;
}

// Instances share Graph's per-mailbox limits through PostgreSQL; SQLite is one process by design.
for (const database of testDatabases().filter((d) => d.name === 'postgres')) {
  describe(`three instances on ${database.name} and one busy mailbox`, () => {
    let store: Store;
    let cluster: ServiceCluster;
    let proxy: RoundRobinProxy | undefined;

    beforeAll(async () => {
      store = await database.open();
      // The simulator answers 429 ApplicationThrottled above 4 requests in flight per app and mailbox, as Outlook does.
      cluster = await startCluster({ store, connection: database.connectionOf(store) });
    });
    afterAll(async () => {
      await proxy?.close();
      await cluster?.stop();
    });

    it('never has more than 4 Graph requests in flight for the mailbox, is never throttled, and makes one ticket per mail', async () => {
      const ports = [await freePort(), await freePort(), await freePort()];
      const instances = await Promise.all(
        // Nothing is killed here: leases long enough that a busy machine's stalls expire none of them.
        ports.map((port, i) =>
          cluster.start({
            instance: `node-${i}`,
            port,
            worker: { pollIntervalMs: 250, leaseMs: 10_000 },
            graphSlotLeaseMs: 10_000,
          }),
        ),
      );
      proxy = await startRoundRobinProxy(
        instances.map((s) => s.url ?? ''),
        cluster.publicPort,
      );
      await cluster.addResource(cluster.publicUrl, supportAddress);
      // Graph takes its time, so the instances' requests overlap and every one of them wants the mailbox at once.
      cluster.sim.control.addFault({ kind: 'latency', mailbox: supportAddress, latencyMs: 25 });
      const since = cluster.sim.control.requestLog().at(-1)?.seq ?? 0;

      const { subjects } = await deliverStream(cluster.sim, supportAddress, {
        count: mailCount,
        perSecond: 400,
        prefix: 'Busy mail',
      });
      await waitFor(
        'a ticket for every mail and an empty Inbox',
        async () =>
          (await countTickets(store.db)) >= mailCount &&
          cluster.sim.control.listMessages(supportAddress, 'inbox').length === 0,
        { timeoutMs: 90_000, intervalMs: 200 },
      );

      const graph = cluster.sim.control.requestLog({ kind: 'graph', sinceSeq: since });
      const mailbox = graph.filter((e) => e.mailbox?.toLowerCase() === supportAddress.toLowerCase());
      const throttled = graph.filter((e) => e.status === 429).map((e) => `${e.operation} ${e.errorCode}`);
      const peak = peakInFlight(mailbox);
      const spent = (await Promise.all(instances.map((s) => s.stats()))).map((s) => s.graphBudget);
      const statements = spent.reduce((n, s) => n + (s?.statements ?? 0), 0);
      const granted = spent.reduce((n, s) => n + (s?.requests ?? 0), 0);
      console.info(
        `${mailbox.length} Graph requests for the mailbox, at most ${peak} at once; ` +
          `${(statements / granted).toFixed(2)} SQL statements per Graph request`,
      );
      expect({ throttled: throttled.length, first: throttled.slice(0, 3) }).toEqual({
        throttled: 0,
        first: [],
      });
      expect(peak).toBeLessThanOrEqual(4);
      const tickets = await readTickets(store.db);
      expect(exactlyOnceReport(subjects, tickets)).toEqual({ missing: [], doubled: [], unexpected: [] });
      expect(new Set(tickets.map((t) => t.instance)).size).toBeGreaterThanOrEqual(2);
      await Promise.all(instances.map((s) => s.stop()));
    }, 180_000);
  });
}
