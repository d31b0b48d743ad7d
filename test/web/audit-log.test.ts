import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestDatabases } from '../support/test-databases.js';
import { describeInBrowser, poll, screenshot, watchPage } from '../support/web/browser.js';
import { signIn, startWebHarness, type WebHarness } from '../support/web/web-harness.js';

const [sqlite] = createTestDatabases();

describeInBrowser('audit log page', () => {
  let web: WebHarness;
  beforeAll(async () => {
    web = await startWebHarness({ database: sqlite! });
  });
  afterAll(async () => {
    await web?.stop();
    await sqlite?.dispose();
  });

  it('shows an admin who changed what, and the viewer does not see it', async () => {
    await web.auth.users.add({ username: 'vera', password: 'vera has a long password', role: 'viewer' });
    const { page, context } = await web.newPage();
    const watch = watchPage(page);
    await signIn(page, web.pipeline.url);
    await page.getByRole('navigation').getByRole('link', { name: 'Audit log' }).click();
    const table = page.getByRole('table', { name: 'Audit log' });
    await table.waitFor();
    // The sign-in just made is the newest line: who, what, result.
    const row = table.getByRole('row').filter({ hasText: 'POST /api/auth/login' }).first();
    await poll(async () => (await row.textContent()) ?? '').toContain('ada');
    expect(await row.textContent()).toContain('password, username');
    expect(await row.textContent()).toContain('200');
    expect(await page.content()).not.toContain('correct horse battery staple');
    await page.getByLabel('What').fill('/api/users');
    await page.getByRole('button', { name: 'Filter' }).click();
    await page.getByText('No entries.').waitFor();
    await screenshot(page, 'audit-log');
    watch.assertClean();
    await context.close();

    const viewer = await web.newPage();
    await signIn(viewer.page, web.pipeline.url, { username: 'vera', password: 'vera has a long password' });
    expect(await viewer.page.getByRole('navigation').getByRole('link', { name: 'Audit log' }).count()).toBe(
      0,
    );
    await viewer.context.close();
  });
});
