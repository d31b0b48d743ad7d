import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inboxJobs } from '../../src/inbox/index.js';
import { startIntakeEdge, type IntakeEdge } from '../support/pipeline/intake-edge.js';
import { reliabilityFull, runSeed } from '../support/mail/mail-stream.js';
import { fuzzRequests, type FuzzRequest } from '../support/mail/notification-arbitraries.js';
import { testDatabases } from '../support/test-databases.js';

// At least 10,000 bodies per database in the full run; a tenth of that inside `npm test`.
const numRuns = reliabilityFull ? 12_000 : 1_200;
const seed = runSeed();
const printable = /^[\x20-\x7E]{1,1024}$/;

for (const database of testDatabases()) {
  describe(`generated notification bodies against the Graph routes on ${database.name}`, () => {
    let edge: IntakeEdge;
    const accepted = new Set<string>();
    const lifecycleEvents = new Set<string>();
    const statuses = new Map<number, number>();

    beforeAll(async () => {
      edge = await startIntakeEdge(database);
    });
    afterAll(async () => edge?.close());

    const send = async (request: FuzzRequest) => {
      const response = await edge.app.inject({
        method: 'POST',
        url: `${request.route}${request.query ? `?${request.query}` : ''}`,
        headers: request.contentType ? { 'content-type': request.contentType } : {},
        payload: request.payload,
      });
      statuses.set(response.statusCode, (statuses.get(response.statusCode) ?? 0) + 1);
      return response;
    };

    it('never answers 5xx, echoes only sane validation tokens, and refuses everything else with a coded 4xx', async () => {
      console.info(`notification-fuzz seed ${seed} (MS_INBOX_RELIABILITY_SEED replays it)`);
      const known = { subscriptionId: edge.subscriptionId, clientState: edge.clientState };
      await fc.assert(
        fc.asyncProperty(fuzzRequests(known), async (request) => {
          const response = await send(request);
          const status = response.statusCode;
          expect(status, response.body).toBeLessThan(500);
          const hasToken = new URLSearchParams(request.query).has('validationToken');
          if (status === 200) {
            // Only the handshake answers 200, and only with a token that is safe to echo as text.
            expect(hasToken).toBe(true);
            expect(response.headers['content-type']).toMatch(/^text\/plain/);
            expect(response.body).toMatch(printable);
          } else if (status === 202) {
            expect(request.collection).not.toBe(false);
          } else {
            expect(status).toBeGreaterThanOrEqual(400);
            expect(request.collection).not.toBe(true);
            const body = JSON.parse(response.body) as { error?: { code?: unknown; message?: unknown } };
            expect(body.error?.code).toMatch(/^MSI_[A-Z_]+$/);
            expect(typeof body.error?.message).toBe('string');
          }
          if (request.collection) {
            for (const id of request.accepted) accepted.add(id);
            for (const event of request.lifecycleEvents) lifecycleEvents.add(event);
          }
        }),
        { numRuns, seed, endOnFailure: true },
      );
      console.info(`statuses on ${database.name}: ${JSON.stringify(Object.fromEntries(statuses))}`);
      expect(accepted.size).toBeGreaterThan(numRuns / 10);
    }, 600_000);

    it('records exactly the mails that a well-formed item of the live subscription announced, and queues nothing else', async () => {
      const ledger = await edge.store.db
        .selectFrom('messages')
        .select(['graph_message_id', 'resource_id'])
        .execute();
      const recorded = new Set(ledger.map((row) => row.graph_message_id));
      expect([...recorded].filter((id) => !accepted.has(id))).toEqual([]);
      expect([...accepted].filter((id) => !recorded.has(id))).toEqual([]);
      expect(ledger.every((row) => row.resource_id === edge.resourceId)).toBe(true);

      const jobs = await edge.store.db.selectFrom('jobs').select(['name', 'payload']).execute();
      const byName = new Map<string, number>();
      for (const job of jobs) byName.set(job.name, (byName.get(job.name) ?? 0) + 1);
      expect(byName.get(inboxJobs.processMessage.name) ?? 0).toBe(recorded.size);
      // Lifecycle work is keyed per resource, so any number of valid events queues at most one job of each kind.
      expect(byName.get(inboxJobs.reconcileResource.name) ?? 0).toBe(lifecycleEvents.has('missed') ? 1 : 0);
      expect(byName.get(inboxJobs.ensureSubscription.name) ?? 0).toBe(
        lifecycleEvents.has('reauthorizationRequired') ? 1 : 0,
      );
      expect(jobs.length).toBe(
        recorded.size +
          (lifecycleEvents.has('missed') ? 1 : 0) +
          (lifecycleEvents.has('reauthorizationRequired') ? 1 : 0),
      );
    });
  });
}
