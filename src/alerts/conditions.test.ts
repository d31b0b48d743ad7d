import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createResourceRows } from '../../test/support/store/resource-rows.js';
import { testDatabases } from '../../test/support/test-databases.js';
import { parseConfigText } from '../config/index.js';
import { createStaticHandlerDirectory } from '../handlers/index.js';
import { createInbox } from '../inbox/index.js';
import { createJobQueue } from '../jobs/index.js';
import { createSilentLogger } from '../shared/index.js';
import { migrateToLatest, type Store } from '../store/index.js';
import type { AlertRule } from './alert-rule.js';
import { evaluateRules, type ConditionDeps } from './conditions.js';

const now = new Date('2026-11-26T12:00:00Z');
const clock = { now: () => now };
const log = createSilentLogger();
const { config } = parseConfigText(
  [
    'app:',
    '  config:',
    '    limepkg_ms_inbox:',
    '      demo:',
    '        client_id: 11111111-1111-1111-1111-111111111111',
    '        tenant_id: 22222222-2222-2222-2222-222222222222',
    '        client_secret_expires: 2026-12-06',
    '  secrets:',
    '    limepkg_ms_inbox:',
    '      demo:',
    '        client_secret: s3cret-value',
  ].join('\n'),
  { sourceName: 'test', env: { LOG_LEVEL: 'silent' } },
);

const ruleOf = (condition: AlertRule['condition'], threshold: number | null): AlertRule =>
  ({ id: condition, name: condition, enabled: true, condition, threshold, states: null }) as AlertRule;

for (const database of testDatabases()) {
  describe(`alert conditions on ${database.name}`, () => {
    let store: Store;
    let deps: ConditionDeps;
    const rows = createResourceRows(() => store, now);

    beforeAll(async () => {
      store = await database.open();
      await migrateToLatest(store);
      const inbox = createInbox({
        store,
        queue: createJobQueue({ store, clock, log }),
        clock,
        log,
        config,
        graphFor: () => {
          throw new Error('no Graph here');
        },
        handlers: createStaticHandlerDirectory({}),
        publicUrl: null,
      });
      deps = { clock, config, health: inbox.health };
    });
    afterAll(async () => store.close());
    beforeEach(async () => {
      await store.db.deleteFrom('messages').execute();
      await store.db.deleteFrom('resource_subscriptions').execute();
      await store.db.deleteFrom('resources').execute();
    });

    it('finds inboxes with mail Unprocessed for longer than the threshold in minutes, and no others', async () => {
      const stuck = await rows.addInbox('stuck@contoso.com');
      const fresh = await rows.addInbox('fresh@contoso.com');
      await rows.addMail(stuck, 'unprocessed', rows.minutesAgo(30));
      await rows.addMail(stuck, 'unprocessed', rows.minutesAgo(11));
      await rows.addMail(fresh, 'unprocessed', rows.minutesAgo(5));
      const findings = await evaluateRules([ruleOf('unprocessed-overdue', 10)], deps);
      expect(findings.get('unprocessed-overdue')).toEqual([
        {
          subject: `resource:${stuck}`,
          title: 'Unprocessed mail in stuck@contoso.com (demo)',
          detail: '2 mail(s) have waited more than 10 minute(s) to be processed',
        },
      ]);
    });

    it('finds subscriptions whose renewals failed at least the threshold times in a row', async () => {
      const failing = await rows.addInbox('failing@contoso.com');
      const once = await rows.addInbox('once@contoso.com');
      const set = (id: string, failures: number) =>
        store.db
          .updateTable('resource_subscriptions')
          .set({ failures, last_error: 'Graph throttled the request' })
          .where('resource_id', '=', id)
          .execute();
      await set(failing, 3);
      await set(once, 1);
      const findings = await evaluateRules([ruleOf('renewal-failures', 2)], deps);
      expect(findings.get('renewal-failures')?.map((f) => [f.subject, f.detail])).toEqual([
        [
          `resource:${failing}`,
          '3 consecutive renewal(s) or creation(s) failed: Graph throttled the request',
        ],
      ]);
    });

    it('finds a client secret with fewer days left than the threshold', async () => {
      const findings = await evaluateRules(
        [ruleOf('credential-expiry', 10), { ...ruleOf('credential-expiry', 11), id: 'wider' }],
        deps,
      );
      // 2026-12-06T00:00Z is 9 days and 12 hours away: 9 whole days left.
      expect(findings.get('credential-expiry')).toEqual([
        expect.objectContaining({
          subject: 'client:demo:secret',
          detail: expect.stringContaining('in 9 days'),
        }),
      ]);
      expect(findings.get('wider')).toHaveLength(1);
      expect((await evaluateRules([ruleOf('credential-expiry', 9)], deps)).get('credential-expiry')).toEqual(
        [],
      );
    });
  });
}
