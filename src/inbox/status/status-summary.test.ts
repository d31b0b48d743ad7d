import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createSilentLogger } from '../../shared/index.js';
import { migrateToLatest, type Store } from '../../store/index.js';
import { createResourceRows } from '../../../test/support/store/resource-rows.js';
import { testDatabases } from '../../../test/support/test-databases.js';
import { defaultInboxSettings, type InboxDeps } from '../inbox-deps.js';
import { createInboxMetrics } from '../inbox-metrics.js';
import { createStatusSummary } from './status-summary.js';

const now = new Date('2026-11-26T12:00:00Z');
const minutesAgo = (m: number) => new Date(now.getTime() - m * 60_000).toISOString();

for (const database of testDatabases()) {
  describe(`status summary on ${database.name}`, () => {
    let store: Store;
    let summary: ReturnType<typeof createStatusSummary>;

    beforeAll(async () => {
      store = await database.open();
      await migrateToLatest(store);
      summary = createStatusSummary({
        store,
        clock: { now: () => now },
        settings: defaultInboxSettings,
        metrics: createInboxMetrics(),
        log: createSilentLogger(),
      } as unknown as InboxDeps);
    });
    afterAll(async () => store.close());
    beforeEach(async () => {
      await store.db.deleteFrom('messages').execute();
      await store.db.deleteFrom('resource_subscriptions').execute();
      await store.db.deleteFrom('resources').execute();
    });

    const { addInbox, addMail } = createResourceRows(() => store, now);

    it('is empty when every inbox is active and no mail needs attention', async () => {
      const id = await addInbox('support@contoso.com');
      await addMail(id, 'processed', minutesAgo(30));
      expect(await summary.summarise()).toEqual({ allWell: true, inboxes: [] });
    });

    it('lists every inbox with showAll even when all is well', async () => {
      await addInbox('support@contoso.com');
      const result = await summary.summarise({ showAll: true });
      expect(result.inboxes).toEqual([
        expect.objectContaining({ email: 'support@contoso.com', state: 'Active' }),
      ]);
    });

    it('shows failed mails', async () => {
      const id = await addInbox('support@contoso.com');
      await addMail(id, 'failed', minutesAgo(1));
      const result = await summary.summarise();
      expect(result.allWell).toBe(false);
      expect(result.inboxes[0]).toMatchObject({ failed: 1, unprocessedOverdue: 0 });
    });

    it('shows mails unprocessed for more than 5 minutes, but not younger ones', async () => {
      const id = await addInbox('support@contoso.com');
      await addMail(id, 'unprocessed', minutesAgo(2));
      expect((await summary.summarise()).inboxes).toEqual([]);
      await addMail(id, 'unprocessed', minutesAgo(6));
      expect((await summary.summarise()).inboxes[0]).toMatchObject({ unprocessedOverdue: 1 });
    });

    it('shows an expired inbox', async () => {
      await addInbox('support@contoso.com', { expiresAt: minutesAgo(1) });
      const result = await summary.summarise();
      expect(result.inboxes).toEqual([expect.objectContaining({ state: 'Expired' })]);
    });

    it('shows inactive inboxes only with showInactive', async () => {
      const id = await addInbox('old@contoso.com', { inactive: true });
      await addMail(id, 'unprocessed', minutesAgo(60));
      expect((await summary.summarise()).inboxes).toEqual([]);
      const shown = await summary.summarise({ showInactive: true });
      expect(shown.inboxes).toEqual([
        expect.objectContaining({ email: 'old@contoso.com', state: 'Inactive', unprocessedOverdue: 1 }),
      ]);
    });

    it('lists only the inboxes with a problem, not every inbox once one has one', async () => {
      const broken = await addInbox('broken@contoso.com');
      const fine = await addInbox('fine@contoso.com');
      await addMail(broken, 'failed', minutesAgo(1));
      await addMail(fine, 'processed', minutesAgo(1));
      const result = await summary.summarise();
      expect(result.allWell).toBe(false);
      expect(result.inboxes.map((line) => line.email)).toEqual(['broken@contoso.com']);
      const all = await summary.summarise({ showAll: true });
      expect(all.inboxes.map((line) => line.email)).toEqual(['broken@contoso.com', 'fine@contoso.com']);
    });

    it('with showInactive lists inactive inboxes beside the problem ones, but not healthy active ones', async () => {
      const broken = await addInbox('broken@contoso.com');
      await addInbox('fine@contoso.com');
      await addInbox('old@contoso.com', { inactive: true });
      await addMail(broken, 'unprocessed', minutesAgo(6));
      const result = await summary.summarise({ showInactive: true });
      expect(result.inboxes.map((line) => [line.email, line.state])).toEqual([
        ['broken@contoso.com', 'Active'],
        ['old@contoso.com', 'Inactive'],
      ]);
    });

    it('shows an inbox whose reconciliation found unannounced mail in the last 24 h as Degraded', async () => {
      const missed = await addInbox('missed@contoso.com');
      await addInbox('fine@contoso.com');
      await addMail(missed, 'processed', minutesAgo(90), { missedAt: minutesAgo(60) });
      await addMail(missed, 'processed', minutesAgo(30), { missedAt: minutesAgo(20) });
      const result = await summary.summarise();
      expect(result.inboxes).toEqual([
        expect.objectContaining({
          email: 'missed@contoso.com',
          state: 'Degraded',
          missedRecently: 2,
          lastMissedAt: minutesAgo(20),
        }),
      ]);
      expect(result.inboxes[0]?.stateReason).toContain('2 mail(s) that no notification announced');
    });

    it('forgets a miss after 24 h: the inbox is Active and the summary empty again', async () => {
      const id = await addInbox('missed@contoso.com');
      await addMail(id, 'processed', minutesAgo(25 * 60), { missedAt: minutesAgo(24 * 60 + 1) });
      expect(await summary.summarise()).toEqual({ allWell: true, inboxes: [] });
      const [line] = (await summary.summarise({ showAll: true })).inboxes;
      expect(line).toMatchObject({ state: 'Active', missedRecently: 0, lastMissedAt: null });
    });

    it('shows processed mail whose disposal gave up as a problem, with the hint in the reason', async () => {
      const id = await addInbox('readonly@contoso.com');
      await addInbox('fine@contoso.com');
      await addMail(id, 'processed', minutesAgo(1), { disposalFailed: true });
      const result = await summary.summarise();
      expect(result.inboxes).toEqual([
        expect.objectContaining({ email: 'readonly@contoso.com', state: 'Degraded', disposalFailures: 1 }),
      ]);
      expect(result.inboxes[0]?.stateReason).toContain('Mail.ReadWrite');
    });
  });
}
