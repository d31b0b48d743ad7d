import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openExample, type ExampleHarness } from '../../test/support/handlers/example-harness.js';
import { testDatabases } from '../../test/support/test-databases.js';

// Headers of a real Exchange out-of-office answer (as in src/simulator/fixtures/out-of-office.eml).
const outOfOfficeHeaders = {
  'Auto-Submitted': 'auto-replied',
  'X-Auto-Response-Suppress': 'All',
  'X-MS-Exchange-Inbox-Rules-Loop': 'erin@example.org',
  Precedence: 'auto_reply',
};

for (const db of testDatabases()) {
  describe(`example handler "default" on ${db.name}`, () => {
    let example: ExampleHarness;
    beforeEach(async () => {
      example = await openExample(db, new URL('./default.ts', import.meta.url));
    });
    afterEach(() => example.close());

    it('creates a ticket with the sender, the mail as history and the attachment as a document', async () => {
      const seed = example.helpdesk.unitOfWork();
      const company = seed.createCompany({ name: 'Example AB', website: 'https://example.org' });
      seed.createPerson({ name: 'Anna Andersson', email: 'anna@example.org', companyId: company.id });
      await example.helpdesk.applyNow(seed.commit());

      const { decision } = await example.send({
        subject: 'Printer broken',
        attachments: [{ name: 'error.pdf', content: '%PDF-1.7', contentType: 'application/pdf' }],
      });
      expect(decision.status).toBe('processed');
      const [summary] = (await example.helpdesk.listTickets()).items;
      expect(summary).toMatchObject({
        title: 'Printer broken',
        status: { key: 'new' },
        person: { name: 'Anna Andersson' },
        company: { name: 'Example AB' },
        subscriptionEmail: 'support@contoso.com',
      });
      const ticket = await example.helpdesk.getTicket(summary?.id ?? '');
      expect(ticket?.notes).toMatchObject([
        { kind: 'email', html: '<p>The printer on floor 3 is broken.</p>' },
      ]);
      expect(ticket?.documents).toMatchObject([{ fileName: 'error.pdf', sizeBytes: 8 }]);
    });

    it('adds a reply with the [number] in its subject to the same ticket', async () => {
      await example.send({ subject: 'Printer broken' });
      const [first] = (await example.helpdesk.listTickets()).items;
      await example.send({ subject: `RE: Printer broken [${first?.number}]`, html: '<p>Still broken.</p>' });
      const page = await example.helpdesk.listTickets();
      expect(page.total).toBe(1);
      expect((await example.helpdesk.getTicket(first?.id ?? ''))?.notes.map((n) => n.text)).toEqual([
        'The printer on floor 3 is broken.',
        'Still broken.',
      ]);
    });

    it('lets an out-of-office answer pass without a ticket', async () => {
      const { decision } = await example.send({
        subject: 'Automatic reply: Your ticket',
        from: 'Erin Away <erin@example.org>',
        headers: outOfOfficeHeaders,
      });
      expect(decision).toEqual({ status: 'processed' });
      expect((await example.helpdesk.listTickets()).total).toBe(0);
    });

    it('skips a mail that was already processed', async () => {
      const { decision } = await example.send({ isProcessed: true });
      expect(decision.status).toBe('skipped');
      expect((await example.helpdesk.listTickets()).total).toBe(0);
    });

    it('answers recovery calls at /inbox/recover/', async () => {
      const { decision } = await example.send({ subject: 'Recovered mail' }, '/inbox/recover/', 'recovery');
      expect(decision.status).toBe('processed');
      expect((await example.helpdesk.listTickets()).items[0]?.title).toBe('Recovered mail');
    });
  });
}
