import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reliabilityFull, runSeed } from '../support/mail/mail-stream.js';
import { malformedMime } from '../support/mail/mime-arbitraries.js';
import {
  startPipeline,
  supportAddress,
  type PipelineHarness,
  watchMailbox,
} from '../support/pipeline/pipeline-harness.js';
import { testDatabases } from '../support/test-databases.js';
import { createTicketHandler, createTicketTable } from '../support/processes/ticket-handler.js';
import { waitFor } from '../support/wait-for.js';

const mailCount = reliabilityFull ? 1_000 : 60;
const seed = runSeed();

for (const database of testDatabases()) {
  describe(`malformed MIME delivered through the simulator on ${database.name}`, () => {
    let harness: PipelineHarness;

    beforeAll(async () => {
      harness = await startPipeline({
        database,
        handlers: { '/inbox/': createTicketHandler({ instance: 'mime', readAttachments: true }) },
        simulator: { randomSeed: seed },
      });
      await createTicketTable(harness.service.store);
      await watchMailbox(harness, supportAddress);
    });
    afterAll(async () => harness?.stop());

    it('crashes neither the simulator nor ms-inbox, and every accepted mail reaches an end state', async () => {
      console.info(`malformed-mime seed ${seed} (MS_INBOX_RELIABILITY_SEED replays it)`);
      const refusals = new Map<string, number>();
      let delivered = 0;
      for (const raw of fc.sample(malformedMime, { numRuns: mailCount, seed })) {
        try {
          await harness.sim.control.deliver(supportAddress, raw);
          delivered += 1;
        } catch (error) {
          // The simulator may refuse what it cannot read at all; that is a clean answer, not a crash.
          const kind = error instanceof Error ? error.constructor.name : typeof error;
          refusals.set(kind, (refusals.get(kind) ?? 0) + 1);
        }
      }
      console.info(`delivered ${delivered}, refused ${JSON.stringify(Object.fromEntries(refusals))}`);
      expect(delivered).toBeGreaterThan(mailCount / 2);

      const db = harness.service.store.db;
      await waitFor(
        'every delivered mail in the ledger, none waiting',
        async () => {
          const rows = await db.selectFrom('messages').select('status').execute();
          return (
            rows.length >= delivered &&
            rows.every((r) => r.status !== 'unprocessed' && r.status !== 'processing')
          );
        },
        { timeoutMs: reliabilityFull ? 300_000 : 60_000, intervalMs: 200 },
      );
      const statuses = await db
        .selectFrom('messages')
        .select(['status', ({ fn }) => fn.countAll<number | string>().as('n')])
        .groupBy('status')
        .execute();
      console.info(
        `ledger: ${JSON.stringify(Object.fromEntries(statuses.map((s) => [s.status, Number(s.n)])))}`,
      );
      const failures = await db
        .selectFrom('messages')
        .select(['last_error_code', 'last_error_message'])
        .where('status', '=', 'failed')
        .execute();
      expect(failures).toEqual([]);

      // Both servers still answer, and the simulator never failed a Graph request for a mail it accepted.
      expect((await fetch(`${harness.url}/healthz`)).status).toBe(200);
      expect((await fetch(`${harness.sim.url}/_sim/info`)).status).toBe(200);
      const serverErrors = harness.sim.control.requestLog({ kind: 'graph' }).filter((e) => e.status >= 500);
      expect(serverErrors.map((e) => `${e.operation} ${e.status} ${e.errorCode ?? ''}`)).toEqual([]);
    }, 400_000);
  });
}
