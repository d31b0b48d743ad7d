import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestDatabases } from '../support/test-databases.js';
import { describeInBrowser, poll, screenshot, watchPage } from '../support/web/browser.js';
import { signIn, startWebHarness, type WebHarness } from '../support/web/web-harness.js';

const [sqlite] = createTestDatabases();

describeInBrowser('reference data page', () => {
  let web: WebHarness;
  beforeAll(async () => {
    web = await startWebHarness({ database: sqlite! });
  });
  afterAll(async () => {
    await web?.stop();
    await sqlite?.dispose();
  });

  it('lets an admin add a company, a person of it and a status, edit the status and archive the person', async () => {
    const { page, context } = await web.newPage();
    const watch = watchPage(page);
    await signIn(page, web.pipeline.url);
    await page.getByRole('navigation').getByRole('link', { name: 'Reference data' }).click();

    const addCompany = page.getByRole('form', { name: 'Add a company' });
    await addCompany.getByLabel('Name').fill('Contoso Ltd');
    await addCompany.getByLabel('E-mail').fill('info@contoso.example');
    await addCompany.getByLabel('Website').fill('www.contoso.example');
    await addCompany.getByRole('button', { name: 'Add company' }).click();
    await poll(() => page.getByRole('status').textContent()).toContain('Added company Contoso Ltd');
    await page.getByRole('row', { name: /Contoso Ltd/ }).waitFor();

    await page.getByRole('tab', { name: 'Persons' }).click();
    const addPerson = page.getByRole('form', { name: 'Add a person' });
    await addPerson.getByLabel('Name').fill('Anna Berg');
    await addPerson.getByLabel('E-mail').fill('Anna@Contoso.example');
    await addPerson.getByLabel('Company').selectOption({ label: 'Contoso Ltd' });
    await addPerson.getByRole('button', { name: 'Add person' }).click();
    const annaRow = page.getByRole('row', { name: /Anna Berg/ });
    await poll(() => annaRow.textContent()).toContain('anna@contoso.example');
    expect(await annaRow.textContent()).toContain('Contoso Ltd');

    // A second person with the same address is refused, naming the address.
    await addPerson.getByLabel('Name').fill('Anna Again');
    await addPerson.getByLabel('E-mail').fill('anna@contoso.example');
    await addPerson.getByRole('button', { name: 'Add person' }).click();
    await poll(() => page.getByRole('alert').textContent()).toContain('anna@contoso.example');

    await page.getByRole('tab', { name: 'Statuses' }).click();
    const addStatus = page.getByRole('form', { name: 'Add a status' });
    await addStatus.getByLabel('Key').fill('waiting');
    await addStatus.getByLabel('Label').fill('Waiting for customer');
    await addStatus.getByRole('button', { name: 'Add status' }).click();
    await page.getByRole('row', { name: /Waiting for customer/ }).waitFor();
    for (const label of ['Started', 'Parked', 'Done'])
      await page.getByRole('row', { name: new RegExp(`^${label}`) }).waitFor();

    await page.getByRole('button', { name: 'Edit Waiting for customer' }).click();
    const editStatus = page.getByRole('form', { name: 'Edit status Waiting for customer' });
    expect(await editStatus.getByLabel('Key').getAttribute('readonly')).not.toBeNull();
    await editStatus.getByLabel('Label').fill('Waiting on customer');
    await editStatus.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('row', { name: /Waiting on customer/ }).waitFor();
    await screenshot(page, 'reference-data');

    await page.getByRole('tab', { name: 'Persons' }).click();
    await page.getByRole('button', { name: 'Archive Anna Berg' }).click();
    await poll(() => page.getByRole('row', { name: /Anna Berg/ }).count()).toBe(0);
    await page.getByLabel('Show archived').check();
    await poll(() => page.getByRole('row', { name: /Anna Berg/ }).textContent()).toContain('archived');

    const statuses = await web.pipeline.api<Array<{ key: string; label: string }>>(
      'GET',
      '/api/helpdesk/statuses',
    );
    expect(statuses.body).toContainEqual(
      expect.objectContaining({ key: 'waiting', label: 'Waiting on customer' }),
    );
    const persons = await web.pipeline.api<unknown[]>('GET', '/api/helpdesk/persons');
    expect(persons.body).toEqual([]);
    watch.assertClean();
    await context.close();
  });

  it('shows a viewer the lists, without forms or archive buttons', async () => {
    const viewer = { username: 'vera', password: 'viewer password 3' };
    await web.auth.users.add({ ...viewer, role: 'viewer' });
    const { page, context } = await web.newPage();
    await signIn(page, web.pipeline.url, viewer);
    await page.getByRole('navigation').getByRole('link', { name: 'Reference data' }).click();
    await page.getByRole('tab', { name: 'Statuses' }).click();
    await page.getByRole('row', { name: /^Parked/ }).waitFor();
    expect(await page.getByRole('button', { name: /^Archive/ }).count()).toBe(0);
    expect(await page.getByRole('form').count()).toBe(0);
    await context.close();
  });
});
