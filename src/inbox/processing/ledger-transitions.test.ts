import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertResourceRow } from '../../../test/support/store/resource-rows.js';
import { testDatabases } from '../../../test/support/test-databases.js';
import { migrateToLatest, type MessageStatus, type Store } from '../../store/index.js';
import { claimLedgerRow, ledgerMoves, ledgerStatuses, transition } from './ledger-transitions.js';

// DESIGN §4, edge by edge, written out again so that a change to the table is a change to this test too.
const allowed = new Set([
  'unprocessed→processing', // claimed by a worker
  'unprocessed→failed', // no usable handler, before any attempt
  'unprocessed→unprocessed', // retried by an admin
  'processing→processed', // the handler took it
  'processing→skipped', // the handler declined
  'processing→failed', // the handler threw, or gave up
  'processing→gone', // the mail left the mailbox before it was read
  'processing→unprocessed', // a retryable error: the job runs again later
  'processing→processing', // claimed again after the job's lease expired
  'failed→processing', // replayed by recovery
  'failed→unprocessed', // retried by an admin
  'failed→failed', // recovery without a recovery target
  'skipped→unprocessed', // retried by an admin
  'gone→unprocessed', // retried by an admin
]);

const pairs = ledgerStatuses.flatMap((from) => ledgerStatuses.map((to) => ({ from, to })));

describe('the ledger state machine', () => {
  it('has every status, and exactly the moves of the state diagram', () => {
    expect([...ledgerStatuses].sort()).toEqual(
      ['failed', 'gone', 'processed', 'processing', 'skipped', 'unprocessed'].sort(),
    );
    const moves = Object.entries(ledgerMoves).flatMap(([from, tos]) => tos.map((to) => `${from}→${to}`));
    expect(moves.sort()).toEqual([...allowed].sort());
  });
});

for (const db of testDatabases()) {
  describe(`ledger transitions on ${db.name}`, () => {
    let store: Store;
    let resourceId: string;
    beforeAll(async () => {
      store = await db.open();
      await migrateToLatest(store);
      resourceId = await insertResourceRow(store.db);
    });
    afterAll(() => store?.close());

    const insertMail = async (status: MessageStatus, attempts = 0) => {
      const id = randomUUID();
      const at = '2024-05-01T10:00:00.000Z';
      await store.db
        .insertInto('messages')
        .values({
          id,
          resource_id: resourceId,
          graph_message_id: `graph-${id}`,
          status,
          source: 'notification',
          attempts,
          is_processed_duplicate: 0,
          first_seen_at: at,
          created_at: at,
          updated_at: at,
        })
        .execute();
      return { id, status, attempts };
    };
    const read = async (id: string) => ({
      row: await store.db
        .selectFrom('messages')
        .select(['status', 'attempts', 'last_error_code', 'updated_at'])
        .where('id', '=', id)
        .executeTakeFirstOrThrow(),
      events: (
        await store.db.selectFrom('message_events').select('kind').where('message_id', '=', id).execute()
      ).map((e) => e.kind),
    });

    it.each(pairs.filter(({ from, to }) => allowed.has(`${from}→${to}`)))(
      'moves a mail from $from to $to, with its fields and its timeline line, in the caller’s transaction',
      async ({ from, to }) => {
        const mail = await insertMail(from);
        const at = '2024-05-01T10:05:00.000Z';
        await store.transaction((trx) =>
          transition(trx, mail, to, { kind: `test-${to}`, at }, { last_error_code: 'MSI_TEST' }),
        );
        expect(await read(mail.id)).toEqual({
          row: { status: to, attempts: 0, last_error_code: 'MSI_TEST', updated_at: at },
          events: [`test-${to}`],
        });
      },
    );

    it.each(pairs.filter(({ from, to }) => !allowed.has(`${from}→${to}`)))(
      'refuses to move a mail from $from to $to, with a coded error, writing nothing',
      async ({ from, to }) => {
        const mail = await insertMail(from);
        await expect(
          store.transaction((trx) =>
            transition(trx, mail, to, { kind: 'test', at: '2024-05-01T10:05:00.000Z' }),
          ),
        ).rejects.toMatchObject({ code: 'MSI_INBOX_LEDGER_MOVE_REFUSED' });
        expect(await read(mail.id)).toEqual({
          row: { status: from, attempts: 0, last_error_code: null, updated_at: '2024-05-01T10:00:00.000Z' },
          events: [],
        });
      },
    );

    it('a claim counts the attempt, and of two runners that read the same row only the first gets it', async () => {
      const mail = await insertMail('failed', 2);
      const event = { kind: 'attempt', detail: 'recovery #3', at: '2024-05-01T10:05:00.000Z' };
      const first = await store.transaction((trx) => claimLedgerRow(trx, mail, event));
      const second = await store.transaction((trx) => claimLedgerRow(trx, mail, event));
      expect(first).toEqual({ ...mail, status: 'processing', attempts: 3 });
      expect(second).toBeUndefined();
      expect(await read(mail.id)).toMatchObject({
        row: { status: 'processing', attempts: 3 },
        events: ['attempt'],
      });
    });

    it('refuses to claim a Processed mail', async () => {
      const mail = await insertMail('processed');
      await expect(
        store.transaction((trx) =>
          claimLedgerRow(trx, mail, { kind: 'attempt', at: '2024-05-01T10:05:00.000Z' }),
        ),
      ).rejects.toMatchObject({ code: 'MSI_INBOX_LEDGER_MOVE_REFUSED' });
      expect(await read(mail.id)).toMatchObject({ row: { status: 'processed' }, events: [] });
    });
  });
}
