import { afterAll, beforeAll, expect, it } from 'vitest';
import type { MailHandler } from '../../src/handlers/index.js';
import { supportAddress } from '../support/pipeline/pipeline-harness.js';
import { createTestDatabases } from '../support/test-databases.js';
import { waitFor } from '../support/wait-for.js';
import { describeInBrowser, poll, screenshot, watchPage } from '../support/web/browser.js';
import { signIn, startWebHarness, type WebHarness } from '../support/web/web-harness.js';

const [sqlite] = createTestDatabases();

describeInBrowser('messages and recovery pages', () => {
  let web: WebHarness;
  let failing = true;
  const inbox: MailHandler = async (call) => {
    if (failing && String(call.email.message.subject).startsWith('Broken'))
      throw new Error('ticket system rejected the mail');
    return { status: 'processed', result: { ticket: 'T-1' } };
  };
  const recovered: string[] = [];
  const recover: MailHandler = async (call) => {
    recovered.push(String(call.email.message.subject));
    return { status: 'processed' };
  };
  let resourceId: string;
  // Generous: the whole suite shares two cores with other end-to-end tests.
  const slow = { timeoutMs: 30_000 };

  const deliver = (subject: string) =>
    web.pipeline.sim.control.deliver(supportAddress, {
      subject,
      from: { emailAddress: { address: 'customer@example.com' } },
    });
  /** How many of these mails (a test's own subjects) have the status; other tests' mails stay in the ledger. */
  const countOf = async (status: string, subjects: readonly string[]) =>
    (
      await web.pipeline.api<{ items: Array<{ subject: string }> }>(
        'GET',
        `/api/messages?status=${status}&limit=500`,
      )
    ).body.items.filter((m) => subjects.includes(m.subject)).length;

  beforeAll(async () => {
    web = await startWebHarness({
      database: sqlite!,
      handlers: { '/inbox/': inbox, '/inbox/recover/': recover },
    });
    const added = await web.pipeline.api<{ id: string }>('POST', '/api/resources', {
      clientName: 'demo',
      email: supportAddress,
      webhookTarget: '/inbox/',
      recoveryTarget: '/inbox/recover/',
    });
    resourceId = added.body.id;
    await waitFor('the subscription', () => web.pipeline.sim.control.listSubscriptions().length === 1);
  });
  afterAll(async () => {
    await web?.stop();
    await sqlite?.dispose();
  });

  it('shows a mail sent to the simulator as processed, with its timeline and .eml download', async () => {
    await deliver('Printer on fire');
    await waitFor(
      'a processed mail',
      async () => (await countOf('processed', ['Printer on fire'])) === 1,
      slow,
    );
    const { page, context } = await web.newPage();
    const watch = watchPage(page);
    await signIn(page, web.pipeline.url);
    await page.getByRole('navigation').getByRole('link', { name: 'Messages' }).click();
    await page.getByRole('button', { name: 'Details of Printer on fire' }).click();
    const detail = page.getByRole('region', { name: 'Printer on fire' });
    await poll(() => detail.textContent()).toContain('processed');
    expect(await detail.getByRole('list').textContent()).toMatch(/processed/);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Download .eml' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('Printer on fire.eml');
    const { readFile } = await import('node:fs/promises');
    expect(await readFile((await download.path())!, 'utf8')).toMatch(/Subject: Printer on fire/i);
    await screenshot(page, 'message-detail');
    watch.assertClean();
    await context.close();
  });

  it("retries a failing handler's mails from the UI, one from its detail and the rest selected together", async () => {
    const mails = ['Broken retry one', 'Broken retry two', 'Broken retry three'];
    failing = true;
    for (const subject of mails) await deliver(subject);
    await waitFor('three failed mails', async () => (await countOf('failed', mails)) === 3, slow);
    const { page, context } = await web.newPage();
    const watch = watchPage(page);
    await signIn(page, web.pipeline.url);
    await page.goto(`${web.pipeline.url}/admin/#/messages`);
    await page.getByLabel('Status').selectOption('failed');
    await page.getByLabel('Subject or sender').fill('Broken retry');
    await page.getByLabel('Subject or sender').press('Enter');
    await poll(() => page.getByRole('row').count()).toBe(4);
    await screenshot(page, 'messages');

    failing = false;
    await page.getByRole('button', { name: 'Details of Broken retry one' }).click();
    const detail = page.getByRole('region', { name: 'Broken retry one' });
    expect(await detail.textContent()).toContain('ticket system rejected the mail');
    await detail.getByRole('button', { name: 'Retry this mail' }).click();
    await poll(() => detail.getByRole('status').textContent()).toContain('Retry queued');
    await waitFor('one retried mail', async () => (await countOf('processed', mails)) === 1, slow);

    await page.getByRole('button', { name: 'Close' }).click();
    await page.getByRole('button', { name: 'Apply' }).click();
    await poll(() => page.getByRole('row').count()).toBe(3);
    await page.getByRole('checkbox', { name: 'Select Broken retry two' }).check();
    await page.getByRole('checkbox', { name: 'Select Broken retry three' }).check();
    await page.getByRole('button', { name: 'Retry selected (2)' }).click();
    await expect
      .poll(() => page.getByRole('status').first().textContent())
      .toContain('2 mail(s) queued for retry');
    // A retried mail is Unprocessed until the worker has handled it again: wait for Processed, not for "not Failed".
    await waitFor('all three processed', async () => (await countOf('processed', mails)) === 3, slow);
    expect(await countOf('failed', mails)).toBe(0);
    watch.assertClean();
    await context.close();
  });

  it('runs a recovery from the date dialog and shows its progress to the end', async () => {
    failing = true;
    const mails = ['Broken four', 'Broken five'];
    for (const subject of mails) await deliver(subject);
    await waitFor('two failed mails', async () => (await countOf('failed', mails)) === 2, slow);
    const { page, context } = await web.newPage();
    const watch = watchPage(page);
    await signIn(page, web.pipeline.url);
    await page.goto(`${web.pipeline.url}/admin/#/recovery?resource=${resourceId}`);
    await poll(() => page.locator('[data-count="failed"]').textContent()).toBe('2');
    await page.getByRole('button', { name: 'Recover failed…' }).click();
    const dialog = page.getByRole('dialog');
    expect(await dialog.getByLabel('Recover mails received since').inputValue()).not.toBe('');
    await screenshot(page, 'recovery-dialog');
    await dialog.getByRole('button', { name: 'Start recovery' }).click();
    const row = page.getByRole('row', { name: /failed/ }).last();
    await poll(() => row.textContent()).toContain('done');
    expect(await row.textContent()).toContain('2 / 2');
    expect(recovered.sort()).toEqual(['Broken five', 'Broken four']);
    await poll(() => page.locator('[data-count="failed"]').textContent()).toBe('0');
    await screenshot(page, 'recovery');
    watch.assertClean();
    await context.close();
  });
});
