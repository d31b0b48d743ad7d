import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { attachment, mail } from '../../test/support/mail/incoming-mail.js';
import {
  openHelpdeskTestStore,
  type HelpdeskTestContext,
} from '../../test/support/handlers/helpdesk-store.js';
import { testDatabases } from '../../test/support/test-databases.js';
import { processEmail, type IncomingMail, type ProcessEmailOptions } from './index.js';

for (const db of testDatabases()) {
  describe(`processEmail on ${db.name}`, () => {
    let t: HelpdeskTestContext;
    beforeEach(async () => {
      // A clock that ticks on every read keeps notes of one helpdesk in a definite order.
      let tick = Date.parse('2026-03-03T10:00:00Z');
      t = await openHelpdeskTestStore(db, { clock: { now: () => new Date(tick++) } });
    });
    afterEach(() => t.close());

    const app = () => ({ helpdesk: t.helpdesk });
    const run = async (item: IncomingMail, options?: ProcessEmailOptions) => {
      const uow = t.helpdesk.unitOfWork();
      const helpdesk = await processEmail(app(), item, uow, options);
      await t.helpdesk.applyNow(uow.commit());
      return helpdesk;
    };
    const ticketCount = async () => (await t.helpdesk.listTickets()).total;

    it('creates a new helpdesk in status new with the subject as title and the watched mailbox kept', async () => {
      const helpdesk = await run(
        mail({ subject: 'Printer broken', subscriptionEmail: 'Support@Contoso.com' }),
      );
      expect(helpdesk.isNew).toBe(true);
      const ticket = await t.helpdesk.getTicket(helpdesk.id);
      expect(ticket).toMatchObject({
        title: 'Printer broken',
        status: { key: 'new' },
        subscriptionEmail: 'support@contoso.com',
        notes: [
          {
            kind: 'email',
            html: '<p>The printer on floor 3 is broken.</p>',
            authorAddress: 'anna@example.org',
          },
        ],
      });
    });

    it('puts a reply with [number] in the subject on the same helpdesk', async () => {
      const first = await run(mail());
      const reply = await run(mail({ subject: `RE: Printer broken [${first.number}]` }));
      expect(reply.id).toBe(first.id);
      expect(reply.isNew).toBe(false);
      expect(await ticketCount()).toBe(1);
      expect((await t.helpdesk.getTicket(first.id))?.notes).toHaveLength(2);
    });

    it('puts a reply with only In-Reply-To (subject rewritten, no number) on the same helpdesk', async () => {
      const first = await run(mail({ internetMessageId: '<original@example.org>' }));
      const reply = await run(
        mail({ subject: 'Something else entirely', inReplyTo: '<original@example.org>' }),
      );
      expect(reply.id).toBe(first.id);
      expect(await ticketCount()).toBe(1);
    });

    it('makes a new helpdesk with forceNew even for a reply that matches', async () => {
      const first = await run(mail({ internetMessageId: '<orig@example.org>' }));
      const forced = await run(
        mail({ subject: `Re: Printer broken [${first.number}]`, inReplyTo: '<orig@example.org>' }),
        {
          forceNew: true,
        },
      );
      expect(forced.id).not.toBe(first.id);
      expect(forced.isNew).toBe(true);
      expect(forced.title).toBe('Printer broken');
      expect(await ticketCount()).toBe(2);
    });

    it('keeps non-inline attachments as documents and leaves inline ones out by default', async () => {
      const helpdesk = await run(
        mail({
          attachments: [
            attachment('invoice.pdf', { contentType: 'application/pdf' }),
            attachment('logo.png', { isInline: true, contentId: 'logo@x', contentType: 'image/png' }),
            attachment('Fwd: VPN/Wi-Fi down?', { kind: 'item', contentType: 'message/rfc822' }),
            attachment('   ', { kind: 'item', contentType: 'message/rfc822' }),
            attachment('Budget.xlsx', { kind: 'reference' }),
          ],
        }),
      );
      const documents = ((await t.helpdesk.getTicket(helpdesk.id))?.documents ?? []).sort((a, b) =>
        a.fileName.localeCompare(b.fileName),
      );
      expect(documents.map((d) => [d.fileName, d.contentType, d.kind])).toEqual([
        ['attached-email.eml', 'message/rfc822', 'attachment'],
        ['Fwd_ VPN_Wi-Fi down_.eml', 'message/rfc822', 'attachment'],
        ['invoice.pdf', 'application/pdf', 'attachment'],
      ]);
      const forwarded = documents.find((d) => d.fileName.startsWith('Fwd'));
      expect(readFileSync(t.helpdesk.documentPath(forwarded?.storedPath ?? ''), 'utf8')).toBe(
        'content of Fwd: VPN/Wi-Fi down?',
      );
    });

    it('keeps inline attachments too when asked to', async () => {
      const helpdesk = await run(
        mail({ attachments: [attachment('a.pdf'), attachment('logo.png', { isInline: true })] }),
        {
          includeInlineAttachments: true,
        },
      );
      expect((await t.helpdesk.getTicket(helpdesk.id))?.documents.map((d) => d.fileName)).toEqual([
        'a.pdf',
        'logo.png',
      ]);
    });

    it('stores an attachment named ../../etc/passwd safely inside the data dir', async () => {
      const helpdesk = await run(
        mail({ attachments: [attachment('../../etc/passwd', { content: 'not really' })] }),
      );
      const [document] = (await t.helpdesk.getTicket(helpdesk.id))?.documents ?? [];
      expect(document?.fileName).toBe('../../etc/passwd');
      expect(document?.storedPath).toMatch(/^documents\/\d{4}-\d{2}\/[0-9a-f-]+-passwd$/);
      const absolute = t.helpdesk.documentPath(document?.storedPath ?? '');
      expect(absolute.startsWith(resolve(t.dataDir))).toBe(true);
      expect(readFileSync(absolute, 'utf8')).toBe('not really');
    });

    it('writes the history note as HTML, as text, or not at all', async () => {
      const html = await run(mail());
      const text = await run(mail(), { historyNote: 'text' });
      const none = await run(mail(), { historyNote: 'none' });
      const noteOf = async (id: string) => (await t.helpdesk.getTicket(id))?.notes;
      expect(await noteOf(html.id)).toEqual([
        expect.objectContaining({
          html: '<p>The printer on floor 3 is broken.</p>',
          text: 'The printer on floor 3 is broken.',
        }),
      ]);
      expect(await noteOf(text.id)).toEqual([
        expect.objectContaining({ html: null, text: 'The printer on floor 3 is broken.' }),
      ]);
      expect(await noteOf(none.id)).toEqual([]);
    });

    it('keeps only the new part of a reply in its note', async () => {
      const first = await run(mail());
      await run(
        mail({
          subject: `Re: Printer broken [${first.number}]`,
          body: {
            html: '<div>Fixed, thanks!</div><div id="divRplyFwdMsg"><b>From:</b> Support</div><div>The printer on floor 3</div>',
            text: '',
          },
        }),
      );
      const notes = (await t.helpdesk.getTicket(first.id))?.notes ?? [];
      expect(notes[1]).toMatchObject({ html: '<div>Fixed, thanks!</div>', text: 'Fixed, thanks!' });
    });

    it("prefers Graph's uniqueBody for a reply's note", async () => {
      const first = await run(mail());
      await run(
        mail({
          subject: `Re: [${first.number}]`,
          body: { html: null, text: 'Works now\n\nquoted old stuff without a marker' },
          uniqueBody: { html: null, text: 'Works now' },
        }),
        { historyNote: 'text' },
      );
      expect((await t.helpdesk.getTicket(first.id))?.notes[1]?.text).toBe('Works now');
    });

    it('saves the whole mail as an .eml document when asked to', async () => {
      const helpdesk = await run(mail({ subject: 'Printer broken' }), { saveEmailAsFile: true });
      const [document] = (await t.helpdesk.getTicket(helpdesk.id))?.documents ?? [];
      expect(document).toMatchObject({
        fileName: 'Printer broken.eml',
        contentType: 'message/rfc822',
        kind: 'email',
      });
      expect(readFileSync(t.helpdesk.documentPath(document?.storedPath ?? ''), 'utf8')).toContain(
        'Subject: Printer broken',
      );
    });

    it('links the sender and records an ambiguous person match on the ticket', async () => {
      const seed = t.helpdesk.unitOfWork();
      const company = seed.createCompany({ name: 'Example AB' });
      seed.createPerson({ name: 'Anna One', email: 'anna@example.org', companyId: company.id });
      seed.createPerson({ name: 'Anna Two', email: 'anna@example.org', companyId: company.id });
      await t.helpdesk.applyNow(seed.commit());

      const helpdesk = await run(mail());
      expect(helpdesk.company.value?.name).toBe('Example AB');
      expect(helpdesk.person.value?.name).toMatch(/^Anna/);
      const notes = (await t.helpdesk.getTicket(helpdesk.id))?.notes ?? [];
      expect(notes[0]).toMatchObject({
        kind: 'notice',
        text: expect.stringContaining('2 persons have the address anna@example.org'),
      });
    });

    it('does not relink the sender of a reply from someone else', async () => {
      const first = await run(mail());
      const reply = await run(
        mail({ subject: `Re: [${first.number}]`, from: { name: 'Bert', address: 'bert@other.net' } }),
      );
      expect(reply.person.id).toBe(first.person.id);
    });

    it('rejects an unknown senderIdBehaviour', async () => {
      const uow = t.helpdesk.unitOfWork();
      await expect(
        processEmail(app(), mail(), uow, { senderIdBehaviour: 'Everything' as never }),
      ).rejects.toMatchObject({ code: 'MSI_HELPDESK_SENDER_BEHAVIOUR_UNKNOWN' });
    });
  });
}
