import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openExample, type ExampleHarness } from '../../test/support/handlers/example-harness.js';
import { testDatabases } from '../../test/support/test-databases.js';

for (const db of testDatabases()) {
  describe(`example handler "helpdesk type by inbox address" on ${db.name}`, () => {
    let example: ExampleHarness;
    beforeEach(async () => {
      example = await openExample(db, new URL('./helpdesk-type-by-inbox.ts', import.meta.url));
      const seed = example.helpdesk.unitOfWork();
      seed.createType({ key: 'billing', name: 'Billing' });
      await example.helpdesk.applyNow(seed.commit());
    });
    afterEach(() => example.close());

    const typeOfOnlyTicket = async () => (await example.helpdesk.listTickets()).items[0]?.type?.key ?? null;

    it('sets the helpdesk type of the mailbox the mail arrived in', async () => {
      await example.send({ mailbox: 'billing@contoso.com', subject: 'Invoice 17 is wrong' });
      expect(await typeOfOnlyTicket()).toBe('billing');
    });

    it('leaves the type empty for a mailbox without one', async () => {
      await example.send({ mailbox: 'support@contoso.com' });
      expect(await typeOfOnlyTicket()).toBeNull();
    });

    it('still creates the ticket when the configured type does not exist', async () => {
      const { decision } = await example.send({ mailbox: 'it@contoso.com' });
      expect(decision.status).toBe('processed');
      expect(await typeOfOnlyTicket()).toBeNull();
    });
  });
}
