import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  openHelpdeskTestStore,
  type HelpdeskTestContext,
} from '../../test/support/handlers/helpdesk-store.js';
import { testDatabases } from '../../test/support/test-databases.js';

for (const db of testDatabases()) {
  describe(`helpdesk admin queries on ${db.name}`, () => {
    let t: HelpdeskTestContext;
    beforeEach(async () => {
      let tick = Date.parse('2026-03-03T10:00:00Z');
      t = await openHelpdeskTestStore(db, { clock: { now: () => new Date((tick += 1000)) } });
    });
    afterEach(() => t.close());

    async function createTickets(count: number, status = 'new') {
      const ids: string[] = [];
      for (let i = 0; i < count; i++) {
        const uow = t.helpdesk.unitOfWork();
        const helpdesk = await uow.createHelpdesk({
          title: `Ticket ${i}`,
          statusKey: status,
          sourceMessageId: `ledger-${status}-${i}`,
        });
        await t.helpdesk.applyNow(uow.commit());
        ids.push(helpdesk.id);
      }
      return ids;
    }

    it('lists helpdesks most recently updated first, a page at a time, with the total', async () => {
      const ids = await createTickets(5);
      const first = await t.helpdesk.listTickets({ page: 1, pageSize: 2 });
      expect(first).toMatchObject({ page: 1, pageSize: 2, total: 5 });
      expect(first.items.map((i) => i.id)).toEqual([ids[4], ids[3]]);
      const last = await t.helpdesk.listTickets({ page: 3, pageSize: 2 });
      expect(last.items.map((i) => i.id)).toEqual([ids[0]]);
      expect(last.items[0]).toMatchObject({
        title: 'Ticket 0',
        status: { key: 'new', label: 'New' },
        type: null,
        person: null,
      });
    });

    it('filters the list by status', async () => {
      await createTickets(2, 'new');
      const done = await createTickets(1, 'done');
      const page = await t.helpdesk.listTickets({ status: 'done' });
      expect(page.total).toBe(1);
      expect(page.items.map((i) => i.id)).toEqual(done);
    });

    it('shows one helpdesk with its linked objects, notes, documents and mails', async () => {
      const uow = t.helpdesk.unitOfWork();
      const company = uow.createCompany({ name: 'Example AB' });
      const person = uow.createPerson({ name: 'Anna', email: 'anna@example.org', companyId: company.id });
      const type = uow.createType({ key: 'it', name: 'IT' });
      const helpdesk = await uow.createHelpdesk({ title: 'Printer', sourceMessageId: 'ledger-1' });
      helpdesk.person.attach(person);
      helpdesk.company.attach(company);
      helpdesk.type.attach(type);
      uow.addNote(helpdesk, { text: 'first' });
      uow.addNote(helpdesk, { kind: 'notice', text: 'second' });
      await uow.addDocument(helpdesk, { fileName: 'a.txt', contentType: 'text/plain', content: 'a' });
      uow.linkMessage(helpdesk, { internetMessageId: 'm1@example.org', ledgerMessageId: 'ledger-1' });
      await t.helpdesk.applyNow(uow.commit());

      const ticket = await t.helpdesk.getTicket(helpdesk.id);
      expect(ticket).toMatchObject({
        number: helpdesk.number,
        type: { key: 'it', name: 'IT' },
        person: { name: 'Anna', email: 'anna@example.org' },
        company: { name: 'Example AB' },
        notes: [
          { text: 'first', kind: 'email' },
          { text: 'second', kind: 'notice' },
        ],
        documents: [{ fileName: 'a.txt', sizeBytes: 1 }],
        messages: [{ internetMessageId: '<m1@example.org>', kind: 'mail', ledgerMessageId: 'ledger-1' }],
      });
      expect(await t.helpdesk.getTicket('no-such-id')).toBeNull();
    });

    it('finds the helpdesk a ledger mail went to, whether it created it or was added to it', async () => {
      const uow = t.helpdesk.unitOfWork();
      const helpdesk = await uow.createHelpdesk({ title: 'Printer', sourceMessageId: 'ledger-created' });
      uow.linkMessage(helpdesk, { internetMessageId: '<reply@x>', ledgerMessageId: 'ledger-reply' });
      await t.helpdesk.applyNow(uow.commit());
      const expected = { id: helpdesk.id, number: helpdesk.number, title: 'Printer' };
      expect(await t.helpdesk.findTicketForMessage('ledger-created')).toEqual(expected);
      expect(await t.helpdesk.findTicketForMessage('ledger-reply')).toEqual(expected);
      expect(await t.helpdesk.findTicketForMessage('ledger-unknown')).toBeNull();
    });
  });
}
