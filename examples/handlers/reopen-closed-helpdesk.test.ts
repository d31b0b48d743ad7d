import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openExample, type ExampleHarness } from '../../test/support/handlers/example-harness.js';
import { testDatabases } from '../../test/support/test-databases.js';

for (const db of testDatabases()) {
  describe(`example handler "re-open closed helpdesk" on ${db.name}`, () => {
    let example: ExampleHarness;
    beforeEach(async () => {
      example = await openExample(db, new URL('./reopen-closed-helpdesk.ts', import.meta.url));
    });
    afterEach(() => example.close());

    /** A ticket in `status`, and its number. */
    async function ticketIn(status: string) {
      await example.send({
        subject: `Printer broken (${status})`,
        internetMessageId: `<first-${status}@example.org>`,
      });
      const [ticket] = (await example.helpdesk.listTickets()).items;
      const helpdesk = await example.helpdesk.getHelpdesk(ticket?.id ?? '');
      const uow = example.helpdesk.unitOfWork();
      uow.add(helpdesk!).status.setByKey(status);
      await example.helpdesk.applyNow(uow.commit());
      return helpdesk!;
    }

    for (const status of ['done', 'parked']) {
      it(`sets a ${status} helpdesk to started when a reply arrives`, async () => {
        const helpdesk = await ticketIn(status);
        await example.send({ subject: `Re: Printer broken [${helpdesk.number}]` });
        expect((await example.helpdesk.getHelpdesk(helpdesk.id))?.status.key).toBe('started');
      });
    }

    it('reopens on a reply that only carries In-Reply-To', async () => {
      const helpdesk = await ticketIn('done');
      await example.send({ subject: 'Another question', inReplyTo: '<first-done@example.org>' });
      expect((await example.helpdesk.getHelpdesk(helpdesk.id))?.status.key).toBe('started');
    });

    it('leaves an open helpdesk and a new one as they are', async () => {
      const helpdesk = await ticketIn('new');
      await example.send({ subject: `Re: Printer broken [${helpdesk.number}]` });
      expect((await example.helpdesk.getHelpdesk(helpdesk.id))?.status.key).toBe('new');
      expect((await example.helpdesk.listTickets()).total).toBe(1);
    });
  });
}
