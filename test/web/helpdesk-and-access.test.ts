import { afterAll, beforeAll, expect, it } from 'vitest';
import { supportAddress } from '../support/pipeline/pipeline-harness.js';
import { createTestDatabases } from '../support/test-databases.js';
import { waitFor } from '../support/wait-for.js';
import { describeInBrowser, poll, screenshot, watchPage } from '../support/web/browser.js';
import { signIn, startWebHarness, type WebHarness } from '../support/web/web-harness.js';

const [sqlite] = createTestDatabases();

describeInBrowser('helpdesk and access pages', () => {
  let web: WebHarness;
  beforeAll(async () => {
    // No handlers given: the built-in directory, whose /inbox/ is the helpdesk.
    web = await startWebHarness({ database: sqlite! });
    await web.pipeline.api('POST', '/api/resources', {
      clientName: 'demo',
      email: supportAddress,
      webhookTarget: '/inbox/',
    });
    await waitFor('the subscription', () => web.pipeline.sim.control.listSubscriptions().length === 1);
  });
  afterAll(async () => {
    await web?.stop();
    await sqlite?.dispose();
  });

  it('shows a mail sent to the simulator as a ticket, its HTML isolated in a sandboxed frame', async () => {
    await web.pipeline.sim.control.deliver(supportAddress, {
      subject: 'VPN drops every hour',
      body: {
        contentType: 'html',
        content:
          '<p>The VPN <b>drops</b>.</p><img src=x onerror="parent.document.title=\'pwned\'"><script>parent.document.title="pwned"</script>',
      },
      from: { emailAddress: { address: 'anna@customer.example', name: 'Anna Berg' } },
    });
    await waitFor(
      'a ticket',
      async () =>
        (await web.pipeline.api<{ items: unknown[] }>('GET', '/api/helpdesk/tickets')).body.items.length ===
        1,
    );
    const { page, context } = await web.newPage();
    const watch = watchPage(page);
    await signIn(page, web.pipeline.url);
    await page.getByRole('navigation').getByRole('link', { name: 'Helpdesk' }).click();
    await page.getByRole('link', { name: 'VPN drops every hour' }).click();
    const frame = page.getByTitle('Mail content of note 1');
    await frame.waitFor();
    expect(await frame.getAttribute('sandbox')).toBe('');
    const srcdoc = (await frame.getAttribute('srcdoc')) ?? '';
    expect(srcdoc).toContain('<b>drops</b>');
    expect(srcdoc).not.toMatch(/<script|onerror/i);
    expect(await page.frameLocator('iframe').locator('b').textContent()).toBe('drops');
    expect(await page.title()).toBe('ms-inbox admin');
    await screenshot(page, 'helpdesk');
    watch.assertClean();
    await context.close();
  });

  it('keeps even unsanitised mail HTML away from the page, and says so when the helpdesk is absent', async () => {
    const { page, context } = await web.newPage();
    await signIn(page, web.pipeline.url);
    const evil =
      '<p>hi</p><script>parent.document.title="pwned"</script><img src=x onerror="parent.document.title=\'pwned\'">';
    await page.route('**/api/helpdesk/tickets/t-1', (route) =>
      route.fulfill({
        json: {
          id: 't-1',
          number: 'HD-1',
          title: 'Evil',
          status: 'open',
          updatedAt: new Date().toISOString(),
          notes: [
            {
              id: 'n',
              kind: 'email',
              html: evil,
              text: null,
              authorAddress: null,
              createdAt: new Date().toISOString(),
            },
          ],
          documents: [],
        },
      }),
    );
    await page.goto(`${web.pipeline.url}/admin/#/helpdesk?ticket=t-1`);
    await page.getByTitle('Mail content of note 1').waitFor();
    await page.waitForTimeout(300);
    expect(await page.title()).toBe('ms-inbox admin');

    await page.route('**/api/helpdesk/tickets?*', (route) =>
      route.fulfill({
        status: 404,
        json: { error: { code: 'MSI_HTTP_ROUTE_NOT_FOUND', message: 'No route' } },
      }),
    );
    await page.goto(`${web.pipeline.url}/admin/#/start`);
    await page.goto(`${web.pipeline.url}/admin/#/helpdesk`);
    await poll(() => page.getByRole('status').textContent()).toContain('not available');
    await context.close();
  });

  it('lets an admin add a user, a group, the status setting and an API token; a viewer only reads', async () => {
    const { page, context } = await web.newPage();
    const watch = watchPage(page);
    await signIn(page, web.pipeline.url);
    await page.getByRole('link', { name: 'Users and groups' }).click();
    const addUser = page.getByRole('form', { name: 'Add a user' });
    await addUser.getByLabel('User name').fill('victor');
    await addUser.getByLabel('Display name').fill('Victor Viewer');
    await addUser.getByLabel('Password').fill('viewer password 2');
    await addUser.getByLabel('Password').press('Enter');
    await poll(() => page.getByRole('status').first().textContent()).toContain('User victor added');
    await page.getByLabel('Group name').fill('support-leads');
    await page.getByLabel('Group name').press('Enter');
    await poll(() => page.getByLabel('Group', { exact: true }).locator('option').count()).toBe(1);
    await page.getByLabel('User', { exact: true }).selectOption('victor');
    await page.getByRole('button', { name: 'Add to group' }).click();
    await poll(() => page.getByRole('table', { name: 'Groups' }).textContent()).toContain('victor');
    await page.getByRole('checkbox', { name: 'support-leads' }).check();
    await page.getByRole('button', { name: 'Save status access' }).click();
    await poll(() => web.auth.groups.statusGroups()).toEqual(['support-leads']);
    await page.getByLabel('Token name').fill('wallboard');
    await page.getByLabel('Token name').press('Enter');
    const token = (await page.getByRole('status', { name: 'New API token' }).textContent())?.trim() ?? '';
    expect(token).toMatch(/^msi_/);
    await screenshot(page, 'users-and-groups');
    const withToken = await fetch(`${web.pipeline.url}/api/status/inbox-summary`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(withToken.status).toBe(200);
    watch.assertClean();
    await context.close();

    const viewer = await web.newPage();
    await signIn(viewer.page, web.pipeline.url, { username: 'victor', password: 'viewer password 2' });
    expect(await viewer.page.getByRole('link', { name: 'Users and groups' }).count()).toBe(0);
    await viewer.page.locator('ms-inbox-status[state="all-well"]').waitFor();
    await viewer.page.goto(`${web.pipeline.url}/admin/#/resources`);
    await viewer.page.getByRole('row', { name: new RegExp(`^${supportAddress}`) }).waitFor();
    expect(await viewer.page.getByRole('button', { name: 'Add resource' }).count()).toBe(0);
    await viewer.context.close();
  }, 60_000);
});
