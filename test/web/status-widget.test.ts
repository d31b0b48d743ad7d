import type { Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { salesAddress, supportAddress } from '../support/pipeline/pipeline-harness.js';
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

/** An intranet page of the same site embedding the widget with one script tag, in its three configurations. */
const intranetPage = intranetPageWith(`<ms-inbox-status id="plain"></ms-inbox-status>
<ms-inbox-status id="all" show-all></ms-inbox-status>
<ms-inbox-status id="inactive" show-all show-inactive></ms-inbox-status>`);

describeInBrowser('the <ms-inbox-status> widget', () => {
  let web: WebHarness;
  let page: Page;
  let liveExpiry: Array<{ resource_id: string; expires_at: string | null }>;
  const stateOf = (id: string) => page.locator(`#${id}`).getAttribute('state');
  const textOf = (id: string) => widgetText(page, id);
  /** Opens the intranet page afresh (another test may have left the page on /admin). */
  const reload = async () => {
    await page.goto(`${web.pipeline.url}/intranet/start.html`);
    await poll(() => stateOf('plain')).not.toBe('loading');
  };

  beforeAll(async () => {
    web = await startWebHarness({ database: sqlite!, handlers: { '/inbox/': failBrokenMail } });
    for (const [email, inactive] of [
      [supportAddress, false],
      [salesAddress, true],
    ] as const) {
      await web.pipeline.api('POST', '/api/resources', {
        clientName: 'demo',
        email,
        webhookTarget: '/inbox/',
        inactive,
      });
    }
    await waitFor('an active support inbox', async () => {
      const listed = await web.pipeline.api<Array<{ email: string; state: string }>>('GET', '/api/resources');
      return listed.body.some((r) => r.email === supportAddress && r.state === 'Active');
    });
    liveExpiry = await web.pipeline.service.store.db
      .selectFrom('resource_subscriptions')
      .select(['resource_id', 'expires_at'])
      .execute();
    ({ page } = await web.newPage());
    await signIn(page, web.pipeline.url);
    await serveIntranetPage(page, web.pipeline.url, intranetPage);
    await page.goto(`${web.pipeline.url}/intranet/start.html`);
  });
  // Each test starts from inboxes without mail and with live subscriptions: the widget shows every inbox's problems.
  beforeEach(async () => {
    const db = web.pipeline.service.store.db;
    await db.deleteFrom('messages').execute();
    for (const { resource_id, expires_at } of liveExpiry)
      await db
        .updateTable('resource_subscriptions')
        .set({ expires_at })
        .where('resource_id', '=', resource_id)
        .execute();
  });
  afterAll(async () => {
    await web?.stop();
    await sqlite?.dispose();
  });

  it('renders nothing when all is well, unless show-all; inactive inboxes only with show-inactive', async () => {
    const watch = watchPage(page);
    await reload();
    expect(await stateOf('plain')).toBe('hidden');
    expect(await page.locator('#plain').isVisible()).toBe(false);
    expect(await stateOf('all')).toBe('all-well');
    expect(await textOf('all')).toContain('All inboxes are working');
    expect(await textOf('all')).toContain(supportAddress);
    expect(await textOf('all')).not.toContain(salesAddress);
    expect(await textOf('inactive')).toMatch(new RegExp(`Inactive\\s*${salesAddress}`));
    await screenshot(page, 'widget-all-well');
    watch.assertClean();
  });

  it('shows failed mails, mails unprocessed for over 5 minutes and expired inboxes', async () => {
    await web.pipeline.sim.control.deliver(supportAddress, {
      subject: 'Broken mail',
      from: { emailAddress: { address: 'c@example.com' } },
    });
    await web.pipeline.sim.control.deliver(salesAddress, {
      subject: 'Waiting',
      from: { emailAddress: { address: 'c@example.com' } },
    });
    const db = web.pipeline.service.store.db;
    await waitFor(
      'both mails in the ledger',
      async () => (await db.selectFrom('messages').select('id').execute()).length === 2,
    );
    await waitFor(
      'the failed mail',
      async () =>
        (await db.selectFrom('messages').select('id').where('status', '=', 'failed').execute()).length === 1,
    );
    await reload();
    expect(await stateOf('plain')).toBe('problems');
    expect(await textOf('plain')).toContain('Inboxes need attention');
    expect(await textOf('plain')).toContain('1 failed');

    // The inactive inbox's mail has waited 10 minutes: a problem, shown with show-inactive.
    const tenMinutesAgo = new Date(Date.now() - 600_000).toISOString();
    await db
      .updateTable('messages')
      .set({ first_seen_at: tenMinutesAgo })
      .where('status', '=', 'unprocessed')
      .execute();
    await db.updateTable('resource_subscriptions').set({ expires_at: tenMinutesAgo }).execute();
    await reload();
    expect(await textOf('inactive')).toContain('1 unprocessed over 5 minutes');
    expect(await textOf('plain')).toMatch(new RegExp(`Expired\\s*${supportAddress}`));
    await screenshot(page, 'widget-problems');
  });

  it('renders nothing for a user outside the chosen groups, and an error line when the API is down', async () => {
    await web.auth.users.add({ username: 'vera', password: 'viewer password 1', role: 'viewer' });
    const { page: viewer, context } = await web.newPage();
    await signIn(viewer, web.pipeline.url, { username: 'vera', password: 'viewer password 1' });
    await serveIntranetPage(viewer, web.pipeline.url, intranetPage);
    await viewer.goto(`${web.pipeline.url}/intranet/start.html`);
    await poll(() => viewer.locator('#all').getAttribute('state')).toBe('hidden');
    expect(await viewer.locator('#all').isVisible()).toBe(false);
    await context.close();

    await page.route(`${web.pipeline.url}/api/status/**`, (route) => route.abort());
    try {
      await reload();
      expect(await stateOf('plain')).toBe('error');
      expect(await textOf('plain')).toContain('cannot be loaded');
      await screenshot(page, 'widget-error');
    } finally {
      await page.unroute(`${web.pipeline.url}/api/status/**`);
    }
  });

  it('is the start card of /admin', async () => {
    const db = web.pipeline.service.store.db;
    const tenMinutesAgo = new Date(Date.now() - 600_000).toISOString();
    await db.updateTable('resource_subscriptions').set({ expires_at: tenMinutesAgo }).execute();
    await page.goto(`${web.pipeline.url}/admin/`);
    const card = page.locator('ms-inbox-status');
    await poll(() => card.getAttribute('state')).toBe('problems');
    expect(await card.evaluate((el) => el.shadowRoot?.textContent)).toContain(supportAddress);
    await screenshot(page, 'start-with-status');
  });
});
