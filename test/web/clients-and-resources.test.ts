import { afterAll, beforeAll, expect, it } from 'vitest';
import { demoTenant } from '../../src/simulator/index.js';
import { supportAddress } from '../support/pipeline/pipeline-harness.js';
import { createTestDatabases } from '../support/test-databases.js';
import { waitFor } from '../support/wait-for.js';
import { describeInBrowser, poll, screenshot, watchPage } from '../support/web/browser.js';
import { signIn, startWebHarness, type WebHarness } from '../support/web/web-harness.js';

const [sqlite] = createTestDatabases();

describeInBrowser('clients and resources pages', () => {
  let web: WebHarness;
  beforeAll(async () => {
    web = await startWebHarness({
      database: sqlite!,
      // A secret 20 days from expiry: the clients page counts down and warns.
      extraYaml: `        client_secret_expires: ${new Date(Date.now() + 20.5 * 86_400_000).toISOString().slice(0, 10)}`,
      handlers: {
        '/inbox/': async () => ({ status: 'processed' }),
        '/inbox/recover/': async () => ({ status: 'processed' }),
      },
    });
  });
  afterAll(async () => {
    await web?.stop();
    await sqlite?.dispose();
  });

  it('validates a client and shows each check with its hint and the secret countdown', async () => {
    const { page, context } = await web.newPage();
    const watch = watchPage(page);
    const granted = web.pipeline.sim.control.info().tenants[0]?.apps[0]?.roles ?? [];
    web.pipeline.sim.control.setRoles(demoTenant.clientId, ['Mail.Read', 'Mail.ReadBasic']);
    await signIn(page, web.pipeline.url);
    await page.getByRole('navigation').getByRole('link', { name: 'Clients' }).click();
    expect(await page.getByRole('row', { name: /^demo/ }).textContent()).toMatch(/\b(19|20) days left/);
    await page.getByRole('button', { name: 'Validate demo' }).click();
    const result = page.getByRole('status', { name: 'Validation of demo' });
    await result.waitFor();
    const text = await result.textContent();
    expect(text).toContain('Validation found problems');
    expect(text).toMatch(/sign-in: signed in/);
    expect(text).toContain(
      'permission Mail.ReadWrite: the application permission Mail.ReadWrite is not granted',
    );
    expect(text).toContain('Hint: In the Azure portal');
    await screenshot(page, 'clients');
    web.pipeline.sim.control.setRoles(
      demoTenant.clientId,
      granted as Parameters<typeof web.pipeline.sim.control.setRoles>[1],
    );
    watch.assertClean();
    await context.close();
  });

  it('adds a resource with the keyboard alone, then Sync & Save records its history', async () => {
    const { page, context } = await web.newPage();
    const watch = watchPage(page);
    await signIn(page, web.pipeline.url);
    await page.goto(`${web.pipeline.url}/admin/#/resources`);
    await page.getByRole('button', { name: 'Add resource' }).focus();
    await page.keyboard.press('Enter');
    // Every field is reachable with Tab and named by its label.
    await page.getByLabel(/^Email/).focus();
    await page.keyboard.type('not-an-address');
    await page.keyboard.press('Tab');
    await page.keyboard.type('/inbox/');
    await page.keyboard.press('Tab');
    await page.keyboard.type('/inbox/recover/');
    await page.keyboard.press('Enter');
    // The browser's own check refuses the bad address before the server sees it.
    expect(await page.getByLabel(/^Email/).evaluate((el) => (el as HTMLInputElement).validity.valid)).toBe(
      false,
    );
    await page.getByLabel(/^Email/).fill(supportAddress);
    await page.getByLabel(/^Email/).press('Enter');
    await page.getByRole('row', { name: new RegExp(`^${supportAddress}`) }).waitFor();
    await waitFor('the subscription', () => web.pipeline.sim.control.listSubscriptions().length === 1);
    await page.getByRole('button', { name: 'Sync & Save' }).press('Enter');
    await expect
      .poll(() => page.getByRole('status').first().textContent())
      .toContain('Sync & Save finished: 1 resources, 0 failed');
    const history = page.getByRole('table', { name: 'Sync & Save history' });
    expect(await history.textContent()).toContain(`${supportAddress}:`);
    const row = page.getByRole('row', { name: new RegExp(`^${supportAddress}`) });
    expect(await row.textContent()).toContain('Active');
    await screenshot(page, 'resources');

    await page.getByRole('button', { name: `Edit ${supportAddress}` }).click();
    await page.getByLabel('Disposal of handled mail').selectOption('categorise');
    await page.getByLabel('Category').fill('Handled');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await poll(() => page.getByRole('status').first().textContent()).toContain('saved');
    const [resource] = (
      await web.pipeline.api<Array<{ disposal: { mode: string; category: string } }>>('GET', '/api/resources')
    ).body;
    expect(resource?.disposal).toMatchObject({ mode: 'categorise', category: 'Handled' });
    watch.assertClean();
    await context.close();
  });
});
