import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { InboxSummary } from '../../src/inbox/index.js';
import type { Store } from '../../src/store/index.js';
import { buildAdminHttpApp, httpAdminToken } from '../support/pipeline/admin-http-app.js';
import { createResourceRows } from '../support/store/resource-rows.js';
import { testDatabases } from '../support/test-databases.js';

for (const database of testDatabases()) {
  describe(`GET /api/status/inbox-summary on ${database.name}`, () => {
    let app: FastifyInstance;
    let store: Store;
    const rows = createResourceRows(() => store, new Date());
    const { minutesAgo } = rows;

    beforeAll(async () => {
      ({ app, store } = await buildAdminHttpApp({ database }));
    });
    afterAll(async () => {
      await app?.close();
      await store?.close();
    });
    beforeEach(async () => {
      await store.db.deleteFrom('resources').execute();
    });

    const summaryOf = async (query = '') => {
      const response = await app.inject({
        method: 'GET',
        url: `/api/status/inbox-summary${query}`,
        headers: { authorization: `Bearer ${httpAdminToken}` },
      });
      expect(response.statusCode).toBe(200);
      return response.json<InboxSummary>();
    };
    const emailsOf = (summary: InboxSummary) => summary.inboxes.map((line) => line.email);

    it('lists only the inbox with a problem; showAll every active one; showInactive adds inactive ones', async () => {
      const broken = await rows.addInbox('broken@contoso.com');
      const fine = await rows.addInbox('fine@contoso.com');
      const old = await rows.addInbox('old@contoso.com', { inactive: true });
      await rows.addMail(broken, 'failed', minutesAgo(1));
      await rows.addMail(fine, 'processed', minutesAgo(1));
      await rows.addMail(old, 'unprocessed', minutesAgo(2));

      const plain = await summaryOf();
      expect(plain.allWell).toBe(false);
      expect(emailsOf(plain)).toEqual(['broken@contoso.com']);
      expect(emailsOf(await summaryOf('?showAll=true'))).toEqual(['broken@contoso.com', 'fine@contoso.com']);
      expect(emailsOf(await summaryOf('?showInactive=true'))).toEqual([
        'broken@contoso.com',
        'old@contoso.com',
      ]);
      expect(emailsOf(await summaryOf('?showAll=true&showInactive=true'))).toEqual([
        'broken@contoso.com',
        'fine@contoso.com',
        'old@contoso.com',
      ]);
    });

    it('counts mail waiting over 5 minutes in an inactive inbox as a problem only with showInactive', async () => {
      await rows.addInbox('fine@contoso.com');
      const old = await rows.addInbox('old@contoso.com', { inactive: true });
      await rows.addMail(old, 'unprocessed', minutesAgo(6));
      expect(await summaryOf()).toEqual({ allWell: true, inboxes: [] });
      const shown = await summaryOf('?showInactive=true');
      expect(shown.allWell).toBe(false);
      expect(shown.inboxes).toEqual([
        expect.objectContaining({ email: 'old@contoso.com', state: 'Inactive', unprocessedOverdue: 1 }),
      ]);
    });

    it('lists a Degraded inbox and one whose disposals failed, not the healthy one beside them', async () => {
      const missed = await rows.addInbox('missed@contoso.com');
      const readonly = await rows.addInbox('readonly@contoso.com');
      await rows.addInbox('fine@contoso.com');
      await rows.addMail(missed, 'processed', minutesAgo(10), { missedAt: minutesAgo(9) });
      await rows.addMail(readonly, 'processed', minutesAgo(10), { disposalFailed: true });
      const summary = await summaryOf();
      expect(summary.inboxes).toEqual([
        expect.objectContaining({
          email: 'missed@contoso.com',
          state: 'Degraded',
          missedRecently: 1,
          lastMissedAt: minutesAgo(9),
        }),
        expect.objectContaining({ email: 'readonly@contoso.com', state: 'Degraded', disposalFailures: 1 }),
      ]);
    });
  });
}
