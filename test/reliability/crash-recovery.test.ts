import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/index.js';
import { deliverStream, reliabilityFull, runSeed, seededRandom, sleep } from '../support/mail/mail-stream.js';
import { supportAddress } from '../support/pipeline/pipeline-harness.js';
import { startCluster, type ServiceCluster } from '../support/processes/service-cluster.js';
import type { ServiceProcess } from '../support/processes/service-processes.js';
import { testDatabases } from '../support/test-databases.js';
import { countTickets, exactlyOnceReport, readTickets } from '../support/processes/ticket-handler.js';
import { waitFor } from '../support/wait-for.js';

// Reduced in `npm test`; `npm run test:reliability` sets MS_INBOX_RELIABILITY_FULL=1 for the long run.
const mailCount = reliabilityFull ? 600 : 40;
const perSecond = reliabilityFull ? 40 : 20;
const kills = reliabilityFull ? 8 : 1;
const seed = runSeed();

for (const database of testDatabases()) {
  describe(`a service SIGKILLed at random moments on ${database.name}`, () => {
    let store: Store;
    let cluster: ServiceCluster;

    beforeAll(async () => {
      store = await database.open();
      cluster = await startCluster({
        store,
        connection: database.connectionOf(store),
        // Graph retries a failed notification POST after 10 s, doubling; shorter here so the run stays short.
        simulator: { randomSeed: seed, settings: { retryInitialDelayMs: 500 } },
      });
    });
    afterAll(async () => cluster?.stop());

    it('every mail streamed in ends in exactly one ticket, none lost, none doubled', async () => {
      console.info(`crash-recovery seed ${seed} (MS_INBOX_RELIABILITY_SEED replays it)`);
      const random = seededRandom(seed);
      let service: ServiceProcess = await cluster.start({ instance: 'crash-0' });
      await cluster.addResource(cluster.publicUrl, supportAddress);

      const streaming = deliverStream(cluster.sim, supportAddress, {
        count: mailCount,
        perSecond,
        prefix: 'Crash test mail',
      });
      const streamMs = (mailCount / perSecond) * 1000;
      for (let k = 1; k <= kills; k += 1) {
        // A random moment within this kill's share of the stream: mid-intake, mid-handler or mid-commit.
        await sleep(((0.2 + random() * 0.8) * streamMs) / (kills + 1));
        await service.kill();
        await sleep(random() * 300);
        service = await cluster.start({ instance: `crash-${k}` });
      }
      const { subjects } = await streaming;

      await waitFor(
        'a ticket for every mail and an empty Inbox',
        async () =>
          (await countTickets(store.db)) >= mailCount &&
          cluster.sim.control.listMessages(supportAddress, 'inbox').length === 0,
        { timeoutMs: reliabilityFull ? 240_000 : 60_000, intervalMs: 200 },
      );
      // Leases of jobs the killed processes held expire after 2 s: give a second run the chance to double a ticket.
      await sleep(2_500);
      const report = exactlyOnceReport(subjects, await readTickets(store.db));
      expect(report).toEqual({ missing: [], doubled: [], unexpected: [] });
      const open = await store.db
        .selectFrom('messages')
        .select(({ fn }) => fn.countAll<number | string>().as('n'))
        .where('status', '!=', 'processed')
        .executeTakeFirstOrThrow();
      expect(Number(open.n)).toBe(0);
      await service.stop();
    }, 300_000);
  });
}
