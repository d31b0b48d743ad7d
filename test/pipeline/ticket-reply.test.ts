import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoTenant } from '../../src/simulator/index.js';
import {
  salesAddress,
  startPipeline,
  supportAddress,
  type PipelineHarness,
} from '../support/pipeline/pipeline-harness.js';
import { testDatabases } from '../support/test-databases.js';
import { waitFor } from '../support/wait-for.js';

interface Ticket {
  id: string;
  number: string;
  title: string;
  notes: Array<{ kind: string; text: string | null }>;
  documents: Array<{ fileName: string; sizeBytes: number }>;
  messages: Array<{ internetMessageId: string; kind: string }>;
}

for (const db of testDatabases()) {
  describe(`replying to the customer from a ticket on ${db.name}`, () => {
    let h: PipelineHarness;
    beforeAll(async () => {
      h = await startPipeline({ database: db });
      await h.watch(supportAddress);
    });
    afterAll(() => h?.stop());

    /** Delivers a customer mail with a subject of its own and waits for its ticket. */
    async function ticketFromMail(subject: string, from = 'carla@customer.example'): Promise<Ticket> {
      await h.sim.control.deliver(supportAddress, {
        subject,
        body: { contentType: 'text', content: 'Please help.' },
        from: { emailAddress: { address: from, name: 'Carla' } },
      });
      let id = '';
      await waitFor('the ticket', async () => {
        const page = await h.api<{ items: Array<{ id: string }> }>(
          'GET',
          `/api/helpdesk/tickets?q=${encodeURIComponent(subject)}`,
        );
        id = page.body.items[0]?.id ?? '';
        return id !== '';
      });
      return (await h.api<Ticket>('GET', `/api/helpdesk/tickets/${id}`)).body;
    }

    const sentTitled = (subject: string) =>
      h.sim.control.listMessages(supportAddress, 'sentitems').filter((m) => m.subject === subject);

    it('sends "Title [number]" from the ticket mailbox with threading headers and attachments, and the answer comes back to the ticket', async () => {
      const subject = `Invoice missing ${db.name} ${Date.now()}`;
      const ticket = await ticketFromMail(subject);
      const customerMessageId = ticket.messages.find((m) => m.kind === 'mail')?.internetMessageId ?? '';
      expect(customerMessageId).toMatch(/^<.+>$/);

      const replied = await h.api<{ sent: { messageId: string; to: string }; ticket: Ticket }>(
        'POST',
        `/api/helpdesk/tickets/${ticket.id}/replies`,
        {
          text: 'Here is your invoice.',
          attachments: [
            {
              fileName: 'invoice.txt',
              contentType: 'text/plain',
              contentBase64: Buffer.from('INV-1').toString('base64'),
            },
          ],
        },
      );
      expect(replied.status).toBe(200);
      expect(replied.body.sent.to).toBe('carla@customer.example');
      const [sent] = sentTitled(`${ticket.title} [${ticket.number}]`);
      expect(sent?.internetMessageId).toBe(replied.body.sent.messageId);
      const message = await h.service.inbox.deps.graphFor('demo').messages.get(supportAddress, sent!.id);
      const headers = Object.fromEntries(
        (message.internetMessageHeaders ?? []).map((x) => [x.name?.toLowerCase(), x.value]),
      );
      expect(headers['in-reply-to']).toBe(customerMessageId);
      expect(headers['references']).toContain(customerMessageId);
      expect(message.hasAttachments).toBe(true);
      expect(replied.body.ticket.notes.at(-1)).toMatchObject({ kind: 'reply' });
      expect(replied.body.ticket.notes.at(-1)?.text).toContain('Here is your invoice.');
      expect(replied.body.ticket.documents).toEqual([
        expect.objectContaining({ fileName: 'invoice.txt', sizeBytes: 5 }),
      ]);

      // The customer answers without the number in the subject: In-Reply-To alone threads it.
      await h.sim.control.deliver(supportAddress, {
        subject: 'Re: thanks',
        body: { contentType: 'text', content: 'Got it, thanks!' },
        from: { emailAddress: { address: 'carla@customer.example', name: 'Carla' } },
        internetMessageHeaders: [
          { name: 'In-Reply-To', value: replied.body.sent.messageId },
          { name: 'References', value: `${customerMessageId} ${replied.body.sent.messageId}` },
        ],
      });
      await waitFor('the answer on the ticket', async () => {
        const now = await h.api<Ticket>('GET', `/api/helpdesk/tickets/${ticket.id}`);
        return now.body.notes.some((n) => n.kind === 'email' && (n.text ?? '').includes('Got it, thanks!'));
      });
    });

    it('refuses attachments over the limit before sending anything', async () => {
      const ticket = await ticketFromMail(`Big file ${db.name} ${Date.now()}`);
      const big = Buffer.alloc(3 * 1024 * 1024 + 1, 1).toString('base64');
      const response = await h.api<{ error: { code: string } }>(
        'POST',
        `/api/helpdesk/tickets/${ticket.id}/replies`,
        {
          text: 'Too big',
          attachments: [{ fileName: 'big.bin', contentBase64: big }],
        },
      );
      expect([response.status, response.body.error.code]).toEqual([413, 'MSI_TICKET_REPLY_TOO_LARGE']);
      expect(sentTitled(`${ticket.title} [${ticket.number}]`)).toEqual([]);
    });
  });

  describe(`replying without Mail.Send on ${db.name}`, () => {
    let h: PipelineHarness;
    beforeAll(async () => {
      h = await startPipeline({ database: db });
      // Before the first token: Graph decides on the token's roles, so the grant must be missing when it is issued.
      h.sim.control.setRoles(demoTenant.clientId, ['Mail.Read', 'Mail.ReadBasic', 'Mail.ReadWrite']);
      // Its own mailbox: on PostgreSQL this suite shares the database with the one above.
      await h.watch(salesAddress);
    });
    afterAll(() => h?.stop());

    it('says that Mail.Send is missing when Graph answers 403, and records no reply', async () => {
      const subject = `No send right ${db.name} ${Date.now()}`;
      await h.sim.control.deliver(salesAddress, {
        subject,
        from: { emailAddress: { address: 'dan@customer.example', name: 'Dan' } },
      });
      let id = '';
      await waitFor('the ticket', async () => {
        const page = await h.api<{ items: Array<{ id: string }> }>(
          'GET',
          `/api/helpdesk/tickets?q=${encodeURIComponent(subject)}`,
        );
        id = page.body.items[0]?.id ?? '';
        return id !== '';
      });
      const response = await h.api<{ error: { code: string; message: string } }>(
        'POST',
        `/api/helpdesk/tickets/${id}/replies`,
        { text: 'Will not go out' },
      );
      expect(response.status).toBe(403);
      expect(response.body.error.code).toBe('MSI_TICKET_REPLY_SEND_DENIED');
      expect(response.body.error.message).toContain('Mail.Send');
      const after = await h.api<Ticket>('GET', `/api/helpdesk/tickets/${id}`);
      expect(after.body.notes.filter((n) => n.kind === 'reply')).toEqual([]);
    });
  });
}
