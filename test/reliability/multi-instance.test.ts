import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/index.js';
import { deliverStream, reliabilityFull, runSeed, seededRandom, sleep } from '../support/mail/mail-stream.js';
import { freePort, supportAddress } from '../support/pipeline/pipeline-harness.js';
import { startRoundRobinProxy, type RoundRobinProxy } from '../support/processes/round-robin-proxy.js';
import { startCluster, type ServiceCluster } from '../support/processes/service-cluster.js';
import type { ServiceProcess } from '../support/processes/service-processes.js';
import { testDatabases } from '../support/test-databases.js';
import { countTickets, exactlyOnceReport, readTickets } from '../support/processes/ticket-handler.js';
import { waitFor } from '../support/wait-for.js';

const mailCount = reliabilityFull ? 900 : 60;
const perSecond = reliabilityFull ? 60 : 30;
const seed = runSeed();

// Several instances coordinate through PostgreSQL only; SQLite is one process by design (docs/architecture.md).
for (const database of testDatabases().filter((d) => d.name === 'postgres')) {
  describe(`three instances on ${database.name}, one killed mid-run`, () => {
    let store: Store;
    let cluster: ServiceCluster;
    let proxy: RoundRobinProxy | undefined;

    beforeAll(async () => {
      store = await database.open();
      cluster = await startCluster({
        store,
        connection: database.connectionOf(store),
        simulator: { randomSeed: seed, settings: { retryInitialDelayMs: 500 } },
      });
    });
    afterAll(async () => {
      await proxy?.close();
      await cluster?.stop();
    });

    it('loses and doubles nothing: every mail ends in exactly one ticket', async () => {
      console.info(`multi-instance seed ${seed} (MS_INBOX_RELIABILITY_SEED replays it)`);
      const random = seededRandom(seed);
      const ports = [await freePort(), await freePort(), await freePort()];
      const instances: ServiceProcess[] = await Promise.all(
        ports.map((port, i) => cluster.start({ instance: `node-${i}`, port })),
      );
      // Graph calls one public URL; a load balancer spreads it over the instances (and skips a dead one).
      proxy = await startRoundRobinProxy(
        instances.map((s) => s.url ?? ''),
        cluster.publicPort,
      );
      await cluster.addResource(cluster.publicUrl, supportAddress);

      const streaming = deliverStream(cluster.sim, supportAddress, {
        count: mailCount,
        perSecond,
        prefix: 'Cluster mail',
      });
      await sleep((0.3 + random() * 0.4) * (mailCount / perSecond) * 1000);
      const victim = instances[Math.floor(random() * instances.length)] as ServiceProcess;
      await victim.kill();
      const { subjects } = await streaming;

      await waitFor(
        'a ticket for every mail and an empty Inbox',
        async () =>
          (await countTickets(store.db)) >= mailCount &&
          cluster.sim.control.listMessages(supportAddress, 'inbox').length === 0,
        { timeoutMs: reliabilityFull ? 180_000 : 60_000, intervalMs: 200 },
      );
      // The victim's leases expire after 2 s: give a second run of its jobs the chance to double a ticket.
      await sleep(2_500);
      const tickets = await readTickets(store.db);
      expect(exactlyOnceReport(subjects, tickets)).toEqual({ missing: [], doubled: [], unexpected: [] });
      const makers = new Set(tickets.map((t) => t.instance));
      expect(makers.size).toBeGreaterThanOrEqual(2);
      await Promise.all(instances.filter((s) => s !== victim).map((s) => s.stop()));
    }, 300_000);
  });
}
