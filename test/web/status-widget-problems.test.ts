import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { salesAddress, supportAddress, watchMailbox } from '../support/pipeline/pipeline-harness.js';
import { createTestDatabases } from '../support/test-databases.js';
import { waitFor } from '../support/wait-for.js';
import { describeInBrowser, poll, screenshot, watchPage } from '../support/web/browser.js';
import {
  failBrokenMail,
  intranetPageWith,
  serveIntranetPage,
  widgetText,
} from '../support/web/intranet-page.js';
import { signIn, startWebHarness, type WebHarness } from '../support/web/web-harness.js';

const [sqlite] = createTestDatabases();

const intranetPage = intranetPageWith(`<ms-inbox-status id="plain"></ms-inbox-status>
<ms-inbox-status id="all" show-all></ms-inbox-status>`);

describeInBrowser('the <ms-inbox-status> widget beside a healthy inbox', () => {
  let web: WebHarness;
  let page: Page;
  const textOf = (id: string) => widgetText(page, id);

  beforeAll(async () => {
    web = await startWebHarness({ database: sqlite!, handlers: { '/inbox/': failBrokenMail } });
    for (const email of [supportAddress, salesAddress]) await watchMailbox(web.pipeline, email);
    ({ page } = await web.newPage());
    await signIn(page, web.pipeline.url);
    await serveIntranetPage(page, web.pipeline.url, intranetPage);
  });
  afterAll(async () => {
    await web?.stop();
    await sqlite?.dispose();
  });

  it('lists only the inbox with a problem; show-all lists the healthy one too', async () => {
    const watch = watchPage(page);
    await web.pipeline.sim.control.deliver(supportAddress, {
      subject: 'Broken mail',
      from: { emailAddress: { address: 'c@example.com' } },
    });
    const db = web.pipeline.service.store.db;
    await waitFor(
      'the failed mail',
      async () =>
        (await db.selectFrom('messages').select('id').where('status', '=', 'failed').execute()).length === 1,
    );
    await page.goto(`${web.pipeline.url}/intranet/start.html`);
    await poll(() => page.locator('#plain').getAttribute('state')).toBe('problems');
    const plain = await textOf('plain');
    expect(plain).toMatch(new RegExp(`Active\\s*${supportAddress}\\s*1 failed`));
    expect(plain).not.toContain(salesAddress);
    const all = await textOf('all');
    expect(all).toContain(supportAddress);
    expect(all).toContain(salesAddress);
    await screenshot(page, 'widget-only-problem-inbox');
    watch.assertClean();
  });

  it('shows an inbox with mail missed by notifications as Degraded, in the widget and on the resources page', async () => {
    const db = web.pipeline.service.store.db;
    const resource = await db
      .selectFrom('resources')
      .select('id')
      .where('email', '=', salesAddress)
      .executeTakeFirstOrThrow();
    const now = new Date().toISOString();
    const id = `missed-${Date.now()}`;
    await db
      .insertInto('messages')
      .values({
        id,
        resource_id: resource.id,
        graph_message_id: id,
        status: 'processed',
        source: 'reconciliation',
        attempts: 1,
        is_processed_duplicate: 0,
        missed_at: now,
        first_seen_at: now,
        created_at: now,
        updated_at: now,
      })
      .execute();
    try {
      await page.goto(`${web.pipeline.url}/intranet/start.html`);
      await poll(() => page.locator('#plain').getAttribute('state')).toBe('problems');
      expect(await textOf('plain')).toMatch(
        new RegExp(`Degraded\\s*${salesAddress}\\s*1 missed by notifications in 24 h`),
      );

      await page.goto(`${web.pipeline.url}/admin/#/resources`);
      const row = page.getByRole('row', { name: new RegExp(`^${salesAddress}`) });
      await row.waitFor();
      expect(await row.textContent()).toMatch(/Degraded[\s\S]*1 missed by notifications in 24 h, last/);
      await screenshot(page, 'resources-degraded');
    } finally {
      // The other test expects the sales inbox healthy.
      await db.deleteFrom('messages').where('id', '=', id).execute();
    }
  });
});
