import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MessageView, ResourceView } from '../../src/inbox/index.js';
import { startPipeline, supportAddress, type PipelineHarness } from '../support/pipeline/pipeline-harness.js';
import { testDatabases } from '../support/test-databases.js';
import { waitFor } from '../support/wait-for.js';

interface TicketPage {
  items: Array<{ id: string; number: string; title: string; status: { key: string } }>;
  total: number;
}
interface TicketDetail {
  number: string;
  notes: Array<{ html: string | null; text: string | null }>;
}

const reopenExample = fileURLToPath(
  new URL('../../examples/handlers/reopen-closed-helpdesk.ts', import.meta.url),
);

for (const database of testDatabases()) {
  describe(`the built-in helpdesk behind the pipeline on ${database.name}`, () => {
    let harness: PipelineHarness;
    let resource: ResourceView;
    const tickets = async () => (await harness.api<TicketPage>('GET', '/api/helpdesk/tickets')).body;
    const inboxEmpty = () => harness.sim.control.listMessages(supportAddress, 'inbox').length === 0;
    const ticketTitled = async (title: string) => (await tickets()).items.find((t) => t.title === title);
    /** Delivers a new mail and waits for its ticket: each test makes the tickets it works on. */
    const newTicket = async (title: string) => {
      await harness.sim.control.deliver(supportAddress, {
        subject: title,
        body: { contentType: 'text', content: 'Please help.' },
        from: { emailAddress: { address: 'anna@customer.example', name: 'Anna Berg' } },
      });
      await waitFor(`the ticket "${title}"`, async () => (await ticketTitled(title)) !== undefined);
      await waitFor('the Inbox to be empty', inboxEmpty);
      return (await ticketTitled(title))!;
    };

    beforeAll(async () => {
      harness = await startPipeline({ database, env: { MS_INBOX_HANDLERS_DIR: reopenExample } });
      resource = (
        await harness.api<ResourceView>('POST', '/api/resources', {
          clientName: 'demo',
          email: supportAddress,
          webhookTarget: '/inbox/',
          recoveryTarget: '/inbox/recover/',
        })
      ).body;
      await waitFor('an active subscription', () => harness.sim.control.listSubscriptions().length === 1);
    });
    afterAll(async () => harness?.stop());

    it('turns a new mail into a ticket and soft-deletes the mail', async () => {
      await harness.sim.control.deliver(supportAddress, {
        subject: 'VPN drops every hour',
        body: {
          contentType: 'html',
          content: '<p>Since Monday the VPN <b>drops</b>.</p><script>alert(1)</script>',
        },
        from: { emailAddress: { address: 'anna@customer.example', name: 'Anna Berg' } },
      });
      await waitFor('a ticket', async () => (await ticketTitled('VPN drops every hour')) !== undefined);
      await waitFor('the Inbox to be empty', inboxEmpty);
      const ticket = await ticketTitled('VPN drops every hour');
      const detail = (await harness.api<TicketDetail>('GET', `/api/helpdesk/tickets/${ticket?.id}`)).body;
      expect(detail.notes.some((n) => n.html?.includes('<b>drops</b>'))).toBe(true);
      expect(JSON.stringify(detail.notes)).not.toContain('<script>');
      const processed = await harness.api<{ items: MessageView[] }>(
        'GET',
        `/api/messages?resource=${resource.id}&status=processed`,
      );
      const mail = processed.body.items.find((m) => m.subject === 'VPN drops every hour');
      const message = await harness.api<MessageView & { helpdesk: { number: string } | null }>(
        'GET',
        `/api/messages/${mail?.id}`,
      );
      expect(message.body.helpdesk?.number).toBe(ticket?.number);
      expect(message.body.flags).toEqual({ isAutoreply: false, isBounce: false, isBulk: false });
    });

    it('puts a reply carrying [number] on the same ticket and reopens it when it was done (the reopen example)', async () => {
      const ticket = await newTicket('Printer jams on tray 2');
      const before = (await tickets()).total;
      await harness.service.store.db
        .updateTable('helpdesks')
        .set({ status: 'done' })
        .where('id', '=', ticket.id)
        .execute();
      await harness.sim.control.deliver(supportAddress, {
        subject: `RE: Printer jams on tray 2 [${ticket.number}]`,
        body: { contentType: 'text', content: 'It happened again.' },
        from: { emailAddress: { address: 'anna@customer.example', name: 'Anna Berg' } },
      });
      await waitFor('the reply to be processed', inboxEmpty);
      await waitFor(
        'the ticket to be reopened',
        async () => (await ticketTitled('Printer jams on tray 2'))?.status.key === 'started',
      );
      expect((await tickets()).total).toBe(before);
      const detail = (await harness.api<TicketDetail>('GET', `/api/helpdesk/tickets/${ticket.id}`)).body;
      expect(detail.notes.length).toBeGreaterThanOrEqual(2);
    });

    it('makes no ticket for an out-of-office reply, and records it as an auto-reply', async () => {
      const raw = await readFile(new URL('../../src/simulator/fixtures/out-of-office.eml', import.meta.url));
      const before = (await tickets()).total;
      await harness.sim.control.deliver(supportAddress, raw);
      await waitFor('the auto-reply to be handled', inboxEmpty);
      expect((await tickets()).total).toBe(before);
      const listed = await harness.api<{ items: MessageView[] }>(
        'GET',
        `/api/messages?resource=${resource.id}`,
      );
      expect(listed.body.items.some((m) => m.flags?.isAutoreply)).toBe(true);
    });
  });
}
