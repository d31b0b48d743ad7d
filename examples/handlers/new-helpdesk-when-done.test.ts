import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openExample, type ExampleHarness } from '../../test/support/handlers/example-harness.js';
import { testDatabases } from '../../test/support/test-databases.js';

for (const db of testDatabases()) {
  describe(`example handler "new helpdesk when the old one is done" on ${db.name}`, () => {
    let example: ExampleHarness;
    beforeEach(async () => {
      example = await openExample(db, new URL('./new-helpdesk-when-done.ts', import.meta.url));
    });
    afterEach(() => example.close());

    async function ticketIn(status: string) {
      await example.send({ subject: 'Printer broken', internetMessageId: '<first@example.org>' });
      const [ticket] = (await example.helpdesk.listTickets()).items;
      const helpdesk = await example.helpdesk.getHelpdesk(ticket?.id ?? '');
      const uow = example.helpdesk.unitOfWork();
      uow.add(helpdesk!).status.setByKey(status);
      await example.helpdesk.applyNow(uow.commit());
      return helpdesk!;
    }

    it('creates a new helpdesk for a reply to a done one', async () => {
      const done = await ticketIn('done');
      await example.send({ subject: `Re: Printer broken [${done.number}]` });
      const page = await example.helpdesk.listTickets();
      expect(page.total).toBe(2);
      const fresh = page.items.find((i) => i.id !== done.id);
      expect(fresh).toMatchObject({ title: 'Printer broken', status: { key: 'new' } });
      expect((await example.helpdesk.getTicket(done.id))?.notes).toHaveLength(1);
    });

    it('creates a new helpdesk for a reply to a done one that only carries In-Reply-To', async () => {
      await ticketIn('done');
      await example.send({ subject: 'One more thing', inReplyTo: '<first@example.org>' });
      expect((await example.helpdesk.listTickets()).total).toBe(2);
    });

    it('adds a reply to a helpdesk that is not done', async () => {
      const started = await ticketIn('started');
      await example.send({ subject: `Re: Printer broken [${started.number}]` });
      expect((await example.helpdesk.listTickets()).total).toBe(1);
      expect((await example.helpdesk.getTicket(started.id))?.notes).toHaveLength(2);
    });
  });
}
