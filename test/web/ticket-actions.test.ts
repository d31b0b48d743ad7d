import { afterAll, beforeAll, expect, it } from 'vitest';
import { supportAddress } from '../support/pipeline/pipeline-harness.js';
import { createTestDatabases } from '../support/test-databases.js';
import { waitFor } from '../support/wait-for.js';
import { describeInBrowser, poll, screenshot, watchPage } from '../support/web/browser.js';
import { signIn, startWebHarness, type WebHarness } from '../support/web/web-harness.js';

const [sqlite] = createTestDatabases();
const agent = { username: 'alex', password: 'agent password 42' };
const viewer = { username: 'vera', password: 'viewer password 42' };

interface Ticket {
  id: string;
  number: string;
  title: string;
  status: { key: string };
  notes: Array<{ kind: string; text: string | null }>;
  messages: Array<{ internetMessageId: string; kind: string }>;
}

describeInBrowser('working a ticket as an agent', () => {
  let web: WebHarness;
  beforeAll(async () => {
    web = await startWebHarness({ database: sqlite! });
    await web.pipeline.api('POST', '/api/resources', {
      clientName: 'demo',
      email: supportAddress,
      webhookTarget: '/inbox/',
    });
    await waitFor('the subscription', () => web.pipeline.sim.control.listSubscriptions().length === 1);
    await web.auth.users.add({ ...agent, role: 'agent', displayName: 'Alex Agent' });
    await web.auth.users.add({ ...viewer, role: 'viewer', displayName: 'Vera Viewer' });
  });
  afterAll(async () => {
    await web?.stop();
    await sqlite?.dispose();
  });

  async function ticketFromMail(subject: string, from: string): Promise<Ticket> {
    await web.pipeline.sim.control.deliver(supportAddress, {
      subject,
      body: { contentType: 'text', content: 'My laptop will not start.' },
      from: { emailAddress: { address: from, name: 'Olga' } },
    });
    let id = '';
    await waitFor('the ticket', async () => {
      const page = await web.pipeline.api<{ items: Array<{ id: string; title: string }> }>(
        'GET',
        `/api/helpdesk/tickets?q=${encodeURIComponent(subject)}`,
      );
      // The search also finds the other test's ticket (the same body text): take this subject's.
      id = page.body.items.find((item) => item.title === subject)?.id ?? '';
      return id !== '';
    });
    return (await web.pipeline.api<Ticket>('GET', `/api/helpdesk/tickets/${id}`)).body;
  }

  it('changes the status, adds a note and replies; the reply threads and the answer lands on the ticket', async () => {
    const ticket = await ticketFromMail('Laptop will not start', 'olga@customer.example');
    const { page, context } = await web.newPage();
    const watch = watchPage(page);
    await signIn(page, web.pipeline.url, agent);
    await page.getByRole('navigation').getByRole('link', { name: 'Helpdesk' }).click();
    await page.getByRole('searchbox', { name: 'Search' }).fill(`[${ticket.number}]`);
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByRole('link', { name: 'Laptop will not start' }).click();

    await page.getByLabel('Ticket status').selectOption('started');
    await page.getByRole('button', { name: 'Change status' }).click();
    await poll(() => page.getByRole('status').first().textContent()).toContain('Status changed.');
    await page.getByLabel('Internal note (not sent to the customer)').fill('Asked for the serial number.');
    await page.getByRole('button', { name: 'Add note' }).click();
    await poll(() => page.getByRole('status').first().textContent()).toContain('Note added.');
    await page.getByLabel('Reply text').fill('Please hold the power button for 10 seconds.');
    await page.getByLabel('Attachments (at most 3 MB together)').setInputFiles({
      name: 'steps.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from('1. Hold the power button.'),
    });
    await page.getByRole('button', { name: 'Send reply' }).click();
    await poll(() => page.getByRole('status').first().textContent()).toContain('Reply sent.');
    await page.getByText('steps.txt').waitFor();
    await screenshot(page, 'ticket-actions');
    watch.assertClean();
    await context.close();

    const worked = (await web.pipeline.api<Ticket>('GET', `/api/helpdesk/tickets/${ticket.id}`)).body;
    expect(worked.status.key).toBe('started');
    expect(worked.notes.map((n) => n.kind)).toEqual(['email', 'event', 'note', 'reply']);
    expect(worked.notes[1]?.text).toBe('Status changed from New to Started by alex');

    const sent = web.pipeline.sim.control
      .listMessages(supportAddress, 'sentitems')
      .find((m) => m.subject === `Laptop will not start [${ticket.number}]`);
    expect(sent).toBeDefined();
    const message = await web.pipeline.service.inbox.deps
      .graphFor('demo')
      .messages.get(supportAddress, sent!.id);
    const headers = new Map(
      (message.internetMessageHeaders ?? []).map((x) => [x.name?.toLowerCase(), x.value]),
    );
    const customerMessageId = ticket.messages.find((m) => m.kind === 'mail')?.internetMessageId;
    expect(headers.get('in-reply-to')).toBe(customerMessageId);
    expect(headers.get('references')).toContain(customerMessageId);

    await web.pipeline.sim.control.deliver(supportAddress, {
      subject: `RE: Laptop will not start [${ticket.number}]`,
      body: { contentType: 'text', content: 'That worked, thank you!' },
      from: { emailAddress: { address: 'olga@customer.example', name: 'Olga' } },
      internetMessageHeaders: [
        { name: 'In-Reply-To', value: sent!.internetMessageId },
        { name: 'References', value: `${customerMessageId} ${sent!.internetMessageId}` },
      ],
    });
    await waitFor('the answer on the same ticket', async () => {
      const now = (await web.pipeline.api<Ticket>('GET', `/api/helpdesk/tickets/${ticket.id}`)).body;
      return now.notes.some((n) => n.kind === 'email' && (n.text ?? '').includes('That worked'));
    });
    // The answer made no second ticket (the other test's ticket shares the body text, not the title).
    const all = await web.pipeline.api<{ items: Array<{ title: string }> }>(
      'GET',
      '/api/helpdesk/tickets?q=Laptop',
    );
    expect(all.body.items.filter((t) => /Laptop will not start/.test(t.title))).toHaveLength(1);
  });

  it('shows a viewer the ticket without any controls', async () => {
    const ticket = await ticketFromMail('Viewer only reads this', 'victor@customer.example');
    const { page, context } = await web.newPage();
    await signIn(page, web.pipeline.url, viewer);
    await page.goto(`${web.pipeline.url}/admin/#/helpdesk?ticket=${ticket.id}`);
    await page.getByRole('heading', { name: `${ticket.number} — Viewer only reads this` }).waitFor();
    for (const name of ['Change status', 'Add note', 'Send reply', 'Assign']) {
      expect(await page.getByRole('button', { name }).count()).toBe(0);
    }
    await context.close();
  });
});
