import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createSelfSignedCertificate, demoTenant } from '../../src/simulator/index.js';
import { createTestDatabases } from '../support/test-databases.js';
import { describeInBrowser, watchPage } from '../support/web/browser.js';
import { signIn, startWebHarness, type WebHarness } from '../support/web/web-harness.js';

const [sqlite] = createTestDatabases();

describeInBrowser('certificate countdown on the clients page', () => {
  let web: WebHarness;
  beforeAll(async () => {
    // Valid for 12 days and 12 hours more: 12 whole days left, a warning.
    const certificate = createSelfSignedCertificate({
      notBefore: new Date(Date.now() - 86_400_000),
      validDays: 13.5,
    });
    const dir = mkdtempSync(join(tmpdir(), 'ms-inbox-web-cert-'));
    writeFileSync(join(dir, 'key.pem'), certificate.privateKeyPem);
    writeFileSync(join(dir, 'cert.pem'), certificate.certificatePem);
    web = await startWebHarness({
      database: sqlite!,
      extraYaml: [
        '        certificate:',
        `          private_key_path: ${join(dir, 'key.pem')}`,
        `          certificate_path: ${join(dir, 'cert.pem')}`,
      ].join('\n'),
    });
    web.pipeline.sim.control.addCertificate(demoTenant.clientId, certificate.certificatePem);
  });
  afterAll(async () => {
    await web?.stop();
    await sqlite?.dispose();
  });

  it('shows the days left of a certificate credential, with its warning', async () => {
    const { page, context } = await web.newPage();
    const watch = watchPage(page);
    await signIn(page, web.pipeline.url);
    await page.getByRole('navigation').getByRole('link', { name: 'Clients' }).click();
    const row = page.getByRole('row', { name: /^demo/ });
    await row.waitFor();
    const text = await row.textContent();
    expect(text).toContain('certificate');
    expect(text).toContain('12 days left');
    expect(text).toMatch(
      /the certificate expires on \d{4}-\d{2}-\d{2}, in 12 days: upload a new certificate/,
    );
    expect(await row.locator('.badge.warning').textContent()).toBe('12 days left');
    watch.assertClean();
    await context.close();
  });
});
