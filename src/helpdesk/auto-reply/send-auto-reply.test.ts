import { simpleParser } from 'mailparser';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GraphAccessDenied, GraphUnavailable } from '../../errors/index.js';
import {
  openAutoReplyTestContext,
  type AutoReplyTestContext,
} from '../../../test/support/handlers/auto-reply-context.js';
import { mail } from '../../../test/support/mail/incoming-mail.js';
import { testDatabases } from '../../../test/support/test-databases.js';
import { findHelpdeskForEmail } from '../index.js';

const graphError = {
  operation: 'mail.send',
  mailbox: 'support@contoso.com',
  graphCode: 'x',
  graphMessage: 'x',
  requestId: null,
};

for (const db of testDatabases()) {
  describe(`sending auto-replies on ${db.name}`, () => {
    let t: AutoReplyTestContext;
    let support: string;
    beforeEach(async () => {
      t = await openAutoReplyTestContext(db);
      support = await t.addResource('support@contoso.com', { enabled: true });
    });
    afterEach(() => t.close());

    const notes = (helpdeskId: string) =>
      t.store.db
        .selectFrom('helpdesk_notes')
        .selectAll()
        .where('helpdesk_id', '=', helpdeskId)
        .orderBy('created_at')
        .execute();
    const log = () => t.autoReplies.settings.listLog(support);

    it('enqueues the send only when the resource has auto-replies on, in the applying transaction', async () => {
      const off = await t.addResource('sales@contoso.com');
      await t.handle(off, mail({ subscriptionEmail: 'sales@contoso.com' }));
      expect(await t.takeJobs()).toEqual([]);
      const helpdeskId = await t.handle(support, mail());
      expect(await t.takeJobs()).toEqual([
        expect.objectContaining({ resourceId: support, helpdeskId, isNewHelpdesk: true, mergeCodes: {} }),
      ]);
    });

    it('sends from the subscription mailbox with merge codes and threading headers, and records it', async () => {
      const incoming = mail({ references: ['<m0@example.org>'] });
      const helpdeskId = await t.handle(support, incoming, { $$team$$: 'Team <Blue>' });
      await t.autoReplies.settings.update(support, {
        textBody: 'Ticket $$helpdesknumber$$ ($$team$$) for $$sendername$$ <$$senderaddress$$>: $$subject$$',
        htmlBody: '<p>$$team$$</p>',
      });
      const [payload] = await t.takeJobs();
      await t.runJob(payload);

      expect(t.sent).toHaveLength(1);
      expect(t.sent[0]?.from).toBe('support@contoso.com');
      const reply = await simpleParser(t.sent[0]?.mime ?? '');
      const ticket = await t.helpdesk.getTicket(helpdeskId);
      expect(reply.subject).toBe(`Printer broken [${ticket?.number}]`);
      expect(reply.to).toMatchObject({ value: [{ address: 'anna@example.org' }] });
      expect(reply.text?.trim()).toBe(
        `Ticket ${ticket?.number} (Team <Blue>) for Anna <anna@example.org>: Printer broken`,
      );
      expect(reply.html).toContain('<p>Team &lt;Blue&gt;</p>');
      expect(reply.inReplyTo).toBe(incoming.internetMessageId);
      expect(reply.references).toEqual(['<m0@example.org>', incoming.internetMessageId]);
      expect(reply.headers.get('auto-submitted')).toBe('auto-replied');

      expect(await log()).toEqual([
        expect.objectContaining({
          outcome: 'sent',
          recipient: 'anna@example.org',
          messageId: reply.messageId,
        }),
      ]);
      expect((await notes(helpdeskId)).at(-1)).toMatchObject({
        kind: 'autoreply',
        author_address: 'support@contoso.com',
      });
      const answer = { ...mail(), subject: 'Re: no number', inReplyTo: reply.messageId ?? null };
      expect((await findHelpdeskForEmail(t, answer))?.helpdesk.id).toBe(helpdeskId);
    });

    it('replies only for new helpdesks by default; otherwise the per-helpdesk cap still holds', async () => {
      const first = mail();
      const helpdeskId = await t.handle(support, first);
      await t.runJob((await t.takeJobs())[0]);
      await t.handle(
        support,
        mail({ inReplyTo: first.internetMessageId, from: { name: 'A', address: 'b@example.org' } }),
      );
      expect(await t.takeJobs()).toEqual([]);

      await t.autoReplies.settings.update(support, { onlyNewHelpdesks: false });
      await t.handle(
        support,
        mail({ inReplyTo: first.internetMessageId, from: { name: 'C', address: 'c@example.org' } }),
      );
      await t.runJob((await t.takeJobs())[0]);
      expect(t.sent).toHaveLength(1);
      expect(await log()).toContainEqual(
        expect.objectContaining({ outcome: 'suppressed', reason: 'helpdesk-limit', helpdeskId }),
      );
    });

    it('records every suppressed reply with its reason, in the log and on the helpdesk', async () => {
      const cases = [
        mail({ isAutoreply: true, from: { name: 'Ooo', address: 'ooo@example.org' } }),
        mail({ from: { name: null, address: 'no-reply@shop.example' } }),
        mail({ from: { name: 'Sales', address: 'support@contoso.com' } }),
      ];
      const ids = [];
      for (const m of cases) {
        ids.push(await t.handle(support, m));
        await t.runJob((await t.takeJobs())[0]);
      }
      expect(t.sent).toEqual([]);
      expect((await log()).map((e) => e.reason).sort()).toEqual([
        'automatic-mail',
        'no-reply-address',
        'watched-mailbox',
      ]);
      for (const id of ids) expect((await notes(id)).at(-1)?.text).toMatch(/^No auto-reply was sent \(/);
    });

    it('retries a failed send with the same Message-ID', async () => {
      await t.handle(support, mail());
      const [payload] = await t.takeJobs();
      t.failNext.push(GraphUnavailable.create({ ...graphError, status: 503 }));
      await expect(t.runJob(payload, 1, 3)).rejects.toThrow(/unavailable/);
      const [reserved] = await log();
      expect(reserved).toMatchObject({ outcome: 'sending' });
      await t.runJob(payload, 2, 3);
      expect(await log()).toEqual([
        expect.objectContaining({ outcome: 'sent', messageId: reserved?.messageId }),
      ]);
      expect((await simpleParser(t.sent[0]?.mime ?? '')).messageId).toBe(reserved?.messageId);
      await t.runJob(payload, 3, 3);
      expect(t.sent).toHaveLength(1);
    });

    it('records a failure on the helpdesk after the last attempt, or at once when retrying is pointless; the ticket stays', async () => {
      const retried = await t.handle(support, mail({ from: { name: null, address: 'x@example.org' } }));
      const [payload] = await t.takeJobs();
      t.failNext.push(GraphUnavailable.create({ ...graphError, status: 503 }));
      await expect(t.runJob(payload, 3, 3)).rejects.toThrow();
      expect((await notes(retried)).at(-1)?.text).toMatch(
        /could not be sent \(attempt 3 of 3, MSI_GRAPH_UNAVAILABLE\)/,
      );

      const denied = await t.handle(support, mail({ from: { name: null, address: 'y@example.org' } }));
      t.failNext.push(GraphAccessDenied.create({ ...graphError, hint: 'grant Mail.Send' }));
      await expect(t.runJob((await t.takeJobs())[0], 1, 3)).rejects.toThrow(/denied/);
      expect((await notes(denied)).at(-1)?.text).toMatch(/MSI_GRAPH_ACCESS_DENIED/);
      expect((await log()).map((e) => e.outcome)).toEqual(['failed', 'failed']);
      expect(await t.helpdesk.getTicket(denied)).not.toBeNull();
    });

    it('suppresses a reply whose resource turned auto-replies off before it was sent', async () => {
      await t.handle(support, mail());
      await t.autoReplies.settings.update(support, { enabled: false });
      await t.runJob((await t.takeJobs())[0]);
      expect(await log()).toEqual([expect.objectContaining({ outcome: 'suppressed', reason: 'disabled' })]);
    });
  });
}
