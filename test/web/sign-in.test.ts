import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestDatabases } from '../support/test-databases.js';
import { describeInBrowser, poll, screenshot, watchPage } from '../support/web/browser.js';
import { admin, signIn, startWebHarness, type WebHarness } from '../support/web/web-harness.js';

const [sqlite] = createTestDatabases();

describeInBrowser('signing in to the admin UI', () => {
  let web: WebHarness;
  beforeAll(async () => {
    web = await startWebHarness({
      database: sqlite!,
      handlers: { '/inbox/': async () => ({ status: 'processed' }) },
    });
  });
  afterAll(async () => {
    await web?.stop();
    await sqlite?.dispose();
  });

  it('refuses a wrong password with a clear message, then signs in and out by keyboard', async () => {
    const { page, context } = await web.newPage();
    const watch = watchPage(page);
    await page.goto(`${web.pipeline.url}/admin/`);
    await screenshot(page, 'login');
    await page.keyboard.type(admin.username);
    await page.getByLabel('Password').fill('wrong password!');
    await page.keyboard.press('Enter');
    await poll(() => page.getByRole('alert').textContent()).toContain('Wrong user name or password');

    await signIn(page, web.pipeline.url);
    await poll(() => page.getByRole('heading', { name: 'Start' }).isVisible()).toBe(true);
    await screenshot(page, 'start');
    const cookies = await context.cookies();
    expect(cookies.find((c) => c.name === 'msi_session')).toMatchObject({
      httpOnly: true,
      sameSite: 'Strict',
    });

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('User name').waitFor();
    const after = await page.request.get(`${web.pipeline.url}/api/resources`);
    expect(after.status()).toBe(401);
    watch.assertClean();
    await context.close();
  });
});
