import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mail } from '../../test/support/mail/incoming-mail.js';
import {
  openHelpdeskTestStore,
  type HelpdeskTestContext,
} from '../../test/support/handlers/helpdesk-store.js';
import { testDatabases } from '../../test/support/test-databases.js';
import {
  findHelpdeskBySubject,
  findHelpdeskForEmail,
  haveEmailBeenProcessed,
  processEmail,
  type IncomingMail,
} from './index.js';

for (const db of testDatabases()) {
  describe(`threading on ${db.name}`, () => {
    let t: HelpdeskTestContext;
    beforeEach(async () => {
      t = await openHelpdeskTestStore(db);
    });
    afterEach(() => t.close());

    const app = () => ({ helpdesk: t.helpdesk });
    const run = async (item: IncomingMail) => {
      const uow = t.helpdesk.unitOfWork();
      const helpdesk = await processEmail(app(), item, uow);
      await t.helpdesk.applyNow(uow.commit());
      return helpdesk;
    };

    it('threads by References when In-Reply-To names a mail it does not know', async () => {
      const first = await run(mail({ internetMessageId: '<root@example.org>' }));
      const found = await findHelpdeskForEmail(app(), {
        ...mail({
          subject: 'other',
          inReplyTo: '<unknown@example.org>',
          references: ['<root@example.org>', '<unknown@example.org>'],
        }),
      });
      expect(found).toMatchObject({ helpdesk: { id: first.id }, match: 'message-id' });
    });

    it('prefers the Message-ID match over a [number] in the subject', async () => {
      const first = await run(mail({ internetMessageId: '<a@example.org>' }));
      const second = await run(mail({ subject: 'Other issue' }));
      const found = await findHelpdeskForEmail(
        app(),
        mail({ subject: `Re: [${second.number}]`, inReplyTo: '<a@example.org>' }),
      );
      expect(found?.helpdesk.id).toBe(first.id);
    });

    it('threads a reply by conversationId in the same mailbox when nothing else matches', async () => {
      const first = await run(mail({ conversationId: 'conv-shared' }));
      const reply = await run(mail({ subject: 'RE: Printer broken', conversationId: 'conv-shared' }));
      expect(reply.id).toBe(first.id);
      const elsewhere = await findHelpdeskForEmail(
        app(),
        mail({ subject: 'RE: x', conversationId: 'conv-shared', subscriptionEmail: 'sales@contoso.com' }),
      );
      expect(elsewhere).toBeNull();
    });

    it('does not thread a mail that is not a reply by conversationId alone', async () => {
      await run(mail({ conversationId: 'conv-hello', subject: 'Hello' }));
      const found = await findHelpdeskForEmail(
        app(),
        mail({ conversationId: 'conv-hello', subject: 'Hello' }),
      );
      expect(found).toBeNull();
    });

    it('finds a helpdesk by the [number] in a subject, or nothing', async () => {
      const first = await run(mail());
      expect((await findHelpdeskBySubject(app(), `Re: x [${first.number.toUpperCase()}]`))?.id).toBe(
        first.id,
      );
      expect(await findHelpdeskBySubject(app(), 'Re: x [zzzzzz]')).toBeNull();
    });

    it('reports a mail as processed when the ledger says so or its Message-ID is on a helpdesk of the mailbox', async () => {
      const item = mail({ internetMessageId: '<seen@example.org>' });
      expect(await haveEmailBeenProcessed(app(), item)).toBe(false);
      expect(await haveEmailBeenProcessed(app(), { ...item, isProcessed: true })).toBe(true);
      await run(item);
      expect(await haveEmailBeenProcessed(app(), item)).toBe(true);
      expect(await haveEmailBeenProcessed(app(), { ...item, subscriptionEmail: 'sales@contoso.com' })).toBe(
        false,
      );
    });
  });
}
