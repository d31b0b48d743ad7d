import { existsSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  openHelpdeskTestStore,
  type HelpdeskTestContext,
} from '../../test/support/handlers/helpdesk-store.js';
import { testDatabases } from '../../test/support/test-databases.js';
import { isCommittedUnitOfWork } from '../handlers/index.js';

const countRows = async (t: HelpdeskTestContext) => ({
  helpdesks: (await t.store.db.selectFrom('helpdesks').selectAll().execute()).length,
  notes: (await t.store.db.selectFrom('helpdesk_notes').selectAll().execute()).length,
  documents: (await t.store.db.selectFrom('helpdesk_documents').selectAll().execute()).length,
  messageIds: (await t.store.db.selectFrom('helpdesk_message_ids').selectAll().execute()).length,
});

for (const db of testDatabases()) {
  describe(`helpdesk unit of work on ${db.name}`, () => {
    let t: HelpdeskTestContext;
    let numbers: string[];
    beforeEach(async () => {
      numbers = [];
      t = await openHelpdeskTestStore(db, { drawNumber: () => numbers.shift() ?? 'zzzzzz' });
    });
    afterEach(() => t.close());

    async function newHelpdeskWithHistory() {
      const uow = t.helpdesk.unitOfWork();
      const helpdesk = await uow.createHelpdesk({
        title: 'Printer broken',
        subscriptionEmail: 'Support@Contoso.com',
      });
      uow.addNote(helpdesk, {
        html: '<p>It is broken</p>',
        text: 'It is broken',
        authorAddress: 'Anna@Example.org',
      });
      const document = await uow.addDocument(helpdesk, {
        fileName: 'log.txt',
        contentType: 'text/plain',
        content: 'E42',
      });
      uow.linkMessage(helpdesk, { internetMessageId: '<m1@example.org>', mailbox: 'support@contoso.com' });
      return { uow, helpdesk, document };
    }

    it('writes nothing until the committed unit of work is applied, then everything at once', async () => {
      const { uow, helpdesk, document } = await newHelpdeskWithHistory();
      const committed = uow.commit();
      expect(isCommittedUnitOfWork(committed)).toBe(true);
      expect(await countRows(t)).toEqual({ helpdesks: 0, notes: 0, documents: 0, messageIds: 0 });

      const summary = await t.store.transaction((trx) => committed.apply(trx));
      expect(summary).toEqual({
        helpdesks: [{ id: helpdesk.id, number: helpdesk.number, isNew: true }],
        notes: 1,
        documents: 1,
      });
      expect(await countRows(t)).toEqual({ helpdesks: 1, notes: 1, documents: 1, messageIds: 1 });
      const ticket = await t.helpdesk.getTicket(helpdesk.id);
      expect(ticket).toMatchObject({
        title: 'Printer broken',
        status: { key: 'new', label: 'New' },
        subscriptionEmail: 'support@contoso.com',
        notes: [{ kind: 'email', text: 'It is broken', authorAddress: 'anna@example.org' }],
        documents: [
          { fileName: 'log.txt', sizeBytes: 3, contentType: 'text/plain', storedPath: document.storedPath },
        ],
      });
    });

    it('leaves no helpdesk rows when the transaction it is applied in rolls back', async () => {
      const { uow } = await newHelpdeskWithHistory();
      const committed = uow.commit();
      const rolledBack = t.store.transaction(async (trx) => {
        await committed.apply(trx);
        throw new Error('marking the mail Processed failed');
      });
      await expect(rolledBack).rejects.toThrow('marking the mail Processed failed');
      expect(await countRows(t)).toEqual({ helpdesks: 0, notes: 0, documents: 0, messageIds: 0 });
    });

    it('writes the document file before the row, so a row never lacks its file', async () => {
      const { uow, document } = await newHelpdeskWithHistory();
      expect(existsSync(t.helpdesk.documentPath(document.storedPath))).toBe(true);
      await t.helpdesk.applyNow(uow.commit());
      const [row] = await t.store.db.selectFrom('helpdesk_documents').selectAll().execute();
      expect(existsSync(t.helpdesk.documentPath(row?.stored_path ?? ''))).toBe(true);
    });

    it('starts a helpdesk in the default status and changes it by key; an unknown key throws', async () => {
      const uow = t.helpdesk.unitOfWork();
      const helpdesk = await uow.createHelpdesk({ title: 'x' });
      expect(helpdesk.isNew).toBe(true);
      expect(helpdesk.status.key).toBe('new');
      expect(helpdesk.status.options.map((s) => s.key)).toEqual(['new', 'started', 'parked', 'done']);
      helpdesk.status.setByKey('started');
      expect(helpdesk.status.value).toMatchObject({ key: 'started', label: 'Started', isClosed: false });
      expect(() => helpdesk.status.setByKey('closed')).toThrow(
        expect.objectContaining({ code: 'MSI_HELPDESK_STATUS_UNKNOWN' }),
      );
    });

    it('saves the changed status, type and title of an existing helpdesk it was given', async () => {
      const setup = t.helpdesk.unitOfWork();
      const type = setup.createType({ key: 'billing', name: 'Billing' });
      const created = await setup.createHelpdesk({ title: 'Invoice' });
      await t.helpdesk.applyNow(setup.commit());

      const existing = await t.helpdesk.getHelpdesk(created.id);
      expect(existing?.isNew).toBe(false);
      const uow = t.helpdesk.unitOfWork();
      uow.add(existing!);
      existing!.status.setByKey('done');
      existing!.type.attach(type);
      existing!.title = 'Invoice 2026-17';
      await t.helpdesk.applyNow(uow.commit());

      const reread = await t.helpdesk.getHelpdesk(created.id);
      expect(reread?.status.key).toBe('done');
      expect(reread?.type.value).toEqual(type);
      expect(reread?.title).toBe('Invoice 2026-17');
    });

    it('gives a new helpdesk another number when its own was taken before it was applied', async () => {
      numbers.push('aaaaaa', 'aaaaaa', 'bbbbbb');
      const first = t.helpdesk.unitOfWork();
      const second = t.helpdesk.unitOfWork();
      await first.createHelpdesk({ title: 'first' });
      const late = await second.createHelpdesk({ title: 'second' });
      expect(late.number).toBe('aaaaaa');
      await t.helpdesk.applyNow(first.commit());
      const summary = await t.helpdesk.applyNow(second.commit());
      expect(summary.helpdesks[0]?.number).toBe('bbbbbb');
      expect(late.number).toBe('bbbbbb');
      expect((await t.helpdesk.findHelpdeskByNumber('bbbbbb'))?.title).toBe('second');
    });

    it('draws again when a drawn number is already in the store', async () => {
      numbers.push('cccccc', 'cccccc', 'dddddd');
      const first = t.helpdesk.unitOfWork();
      await first.createHelpdesk({ title: 'first' });
      await t.helpdesk.applyNow(first.commit());
      const second = t.helpdesk.unitOfWork();
      expect((await second.createHelpdesk({ title: 'second' })).number).toBe('dddddd');
    });

    it('refuses changes after commit', async () => {
      const uow = t.helpdesk.unitOfWork();
      const helpdesk = await uow.createHelpdesk({ title: 'x' });
      uow.commit();
      expect(uow.isCommitted).toBe(true);
      expect(() => uow.addNote(helpdesk, { text: 'late' })).toThrow(
        expect.objectContaining({ code: 'MSI_HELPDESK_UNIT_OF_WORK_CLOSED' }),
      );
      expect(() => uow.commit()).toThrow(
        expect.objectContaining({ code: 'MSI_HELPDESK_UNIT_OF_WORK_CLOSED' }),
      );
    });

    it('creates companies, persons and types with lower-cased addresses', async () => {
      const uow = t.helpdesk.unitOfWork();
      const company = uow.createCompany({
        name: 'Example AB',
        email: 'Info@Example.org',
        website: 'https://www.example.org',
      });
      const person = uow.createPerson({ name: 'Anna', email: 'Anna@Example.org', companyId: company.id });
      await t.helpdesk.applyNow(uow.commit());
      expect(await t.helpdesk.getPerson(person.id)).toMatchObject({
        email: 'anna@example.org',
        companyId: company.id,
      });
      expect(await t.helpdesk.getCompany(company.id)).toMatchObject({ email: 'info@example.org' });
    });
  });
}
