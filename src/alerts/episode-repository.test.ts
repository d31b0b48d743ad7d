import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testDatabases } from '../../test/support/test-databases.js';
import { createSilentLogger } from '../shared/index.js';
import { migrateToLatest, openStore, type Store } from '../store/index.js';
import { createEpisodeRepository } from './episode-repository.js';

const at = '2030-01-01T00:00:00.000Z';
const later = '2030-01-01T00:05:00.000Z';

for (const db of testDatabases()) {
  describe(`alert episodes on ${db.name}`, () => {
    const stores: Store[] = [];
    const episodes = createEpisodeRepository();
    let ruleId: string;

    beforeEach(async () => {
      const first = await db.open();
      await migrateToLatest(first);
      stores.push(first);
      const connection = db.connectionOf(first);
      for (let i = 0; i < 2; i++) stores.push(await openStore({ ...connection, log: createSilentLogger() }));
      // Each test its own rule: the PostgreSQL database is shared by the suite.
      ruleId = randomUUID();
      await first.db
        .insertInto('alert_rules')
        .values({
          id: ruleId,
          name: 'inboxes',
          enabled: 1,
          condition: 'inbox-state',
          threshold: null,
          states: '["Expired"]',
          mail_transport: null,
          mail_client: null,
          mail_from: null,
          mail_to: null,
          smtp_url: null,
          webhook_url: 'https://alerts.example.org/hook',
          created_at: at,
          updated_at: at,
        })
        .execute();
    });
    afterEach(async () => {
      await Promise.all(stores.splice(0).map((s) => s.close()));
    });

    const finding = { subject: 'resource:r1', title: 'Inbox is Expired', detail: 'renewal failed', at };

    it('exactly one of many concurrent openers over separate connections opens the episode', async () => {
      const ids = await Promise.all(
        Array.from({ length: 9 }, (_, i) =>
          episodes.open(stores[i % stores.length]!.db, { ruleId, ...finding }),
        ),
      );
      const opened = ids.filter((id) => id !== null);
      expect(opened).toHaveLength(1);
      expect(await episodes.listOpen(stores[0]!.db, ruleId)).toEqual([
        expect.objectContaining({ id: opened[0], subject: 'resource:r1', resolved_at: null }),
      ]);
    });

    it('resolves once, and the next occurrence of the condition opens a new episode', async () => {
      const first = await episodes.open(stores[0]!.db, { ruleId, ...finding });
      const resolutions = await Promise.all(
        stores.map((store) => episodes.resolve(store.db, first ?? '', later)),
      );
      expect(resolutions.filter(Boolean)).toHaveLength(1);
      expect(await episodes.listOpen(stores[0]!.db, ruleId)).toEqual([]);
      const second = await episodes.open(stores[1]!.db, { ruleId, ...finding, at: later });
      expect(second).not.toBeNull();
      expect(second).not.toBe(first);
      const listed = await episodes.list(stores[0]!.db, { ruleId });
      expect(listed.map((e) => [e.id, e.resolvedAt])).toEqual([
        [second, null],
        [first, later],
      ]);
    });

    it('records each sent message once per episode, event and channel', async () => {
      const id = (await episodes.open(stores[0]!.db, { ruleId, ...finding })) ?? '';
      const key = { episodeId: id, event: 'opened' as const, channel: 'webhook' as const };
      expect(await episodes.wasSent(stores[0]!.db, key)).toBe(false);
      await episodes.markSent(stores[0]!.db, { ...key, at });
      await episodes.markSent(stores[1]!.db, { ...key, at: later });
      expect(await episodes.wasSent(stores[2]!.db, key)).toBe(true);
      const [listed] = await episodes.list(stores[0]!.db, { ruleId });
      expect(listed?.notifications).toEqual([{ event: 'opened', channel: 'webhook', sentAt: at }]);
    });
  });
}
