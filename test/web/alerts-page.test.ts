import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestDatabases } from '../support/test-databases.js';
import { describeInBrowser, screenshot, watchPage } from '../support/web/browser.js';
import { signIn, startWebHarness, type WebHarness } from '../support/web/web-harness.js';

const [sqlite] = createTestDatabases();

describeInBrowser('alerts page', () => {
  let web: WebHarness;
  beforeAll(async () => {
    web = await startWebHarness({ database: sqlite! });
  });
  afterAll(async () => {
    await web?.stop();
    await sqlite?.dispose();
  });

  it('lets an admin add and delete a rule, and shows a viewer the rules without the form', async () => {
    await web.auth.users.add({ username: 'vera', password: 'vera has a long password', role: 'viewer' });
    const { page, context } = await web.newPage();
    const watch = watchPage(page);
    await signIn(page, web.pipeline.url);
    await page.getByRole('navigation').getByRole('link', { name: 'Alerts' }).click();
    const form = page.getByRole('form', { name: 'New alert rule' });
    await form.getByLabel('Name').fill('Secrets running out');
    await form.getByLabel('When').selectOption('credential-expiry');
    await form.getByLabel('N', { exact: true }).fill('21');
    await form.getByLabel('Mail from client').fill('demo');
    await form.getByLabel('From mailbox').fill('sales@contoso-demo.onmicrosoft.com');
    await form.getByLabel('To').fill('oncall@example.net');
    await form.getByRole('button', { name: 'Add rule' }).click();
    const rules = page.getByRole('table', { name: 'Alert rules' });
    const row = rules.getByRole('row').filter({ hasText: 'Secrets running out' });
    await row.waitFor();
    expect(await row.textContent()).toContain('credential-expiry 21');
    expect(await row.textContent()).toContain('mail to oncall@example.net (graph)');
    await screenshot(page, 'alerts');
    watch.assertClean();

    const viewer = await web.newPage();
    await signIn(viewer.page, web.pipeline.url, { username: 'vera', password: 'vera has a long password' });
    await viewer.page.getByRole('navigation').getByRole('link', { name: 'Alerts' }).click();
    await viewer.page.getByRole('table', { name: 'Alert rules' }).getByText('Secrets running out').waitFor();
    expect(await viewer.page.getByRole('form', { name: 'New alert rule' }).count()).toBe(0);
    expect(await viewer.page.getByRole('button', { name: 'Delete Secrets running out' }).count()).toBe(0);
    await viewer.context.close();

    await page.getByRole('button', { name: 'Delete Secrets running out' }).click();
    await row.waitFor({ state: 'detached' });
    await context.close();
  });
});
