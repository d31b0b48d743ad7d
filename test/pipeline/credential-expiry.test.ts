import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSelfSignedCertificate, demoTenant } from '../../src/simulator/index.js';
import { adminToken, startPipeline, type PipelineHarness } from '../support/pipeline/pipeline-harness.js';
import { runCli } from '../support/processes/cli-process.js';
import { createTestDatabases } from '../support/test-databases.js';

const dayMs = 86_400_000;

/** `application_config.yaml` with the demo client: `clientLines` under it, its secret when given. */
function writeConfig(dir: string, clientLines: string, secret: string | null): string {
  const path = join(dir, 'application_config.yaml');
  writeFileSync(
    path,
    [
      'test-app:',
      '  config:',
      '    limepkg_ms_inbox:',
      '      demo:',
      `        client_id: ${demoTenant.clientId}`,
      `        tenant_id: ${demoTenant.tenantId}`,
      clientLines,
      ...(secret
        ? ['  secrets:', '    limepkg_ms_inbox:', '      demo:', `        client_secret: ${secret}`]
        : []),
      '',
    ].join('\n'),
  );
  return path;
}

/** The days left each place shows for the demo client. */
async function daysLeftEverywhere(
  harness: PipelineHarness,
  configFile: string,
  credential: 'secret' | 'certificate',
): Promise<Record<string, number | undefined>> {
  const days = (text: string) => Number(/in (\d+) days?/.exec(text)?.[1]);
  const configCheck = await runCli(['config', 'check', configFile]);
  const validateCli = await runCli(['--config', configFile, 'validate', 'demo'], {
    MS_INBOX_SIMULATOR_URL: harness.sim.url ?? '',
    DATA_DIR: mkdtempSync(join(tmpdir(), 'ms-inbox-expiry-cli-')),
    LOG_LEVEL: 'silent',
  });
  const clients = await harness.api<Array<Record<string, { daysLeft: number } | null>>>(
    'GET',
    '/api/clients',
  );
  const validation = await harness.api<{ checks: Array<{ name: string; message: string }> }>(
    'POST',
    '/api/clients/demo/validate',
  );
  const metrics = await (
    await fetch(`${harness.url}/metrics`, { headers: { authorization: `Bearer ${adminToken}` } })
  ).text();
  const gauge = new RegExp(`^msi_client_${credential}_days_left\\{client="demo"\\} (-?\\d+)$`, 'm');
  return {
    configCheck: days(configCheck.stderr),
    validateCli: days(/ (?:secret|certificate) expiry: (.*)/.exec(validateCli.stdout)?.[1] ?? ''),
    api: clients.body[0]?.[`${credential}Expiry`]?.daysLeft,
    validateApi: days(validation.body.checks.find((c) => c.name === `${credential} expiry`)?.message ?? ''),
    metric: Number(gauge.exec(metrics)?.[1]),
  };
}

describe('certificate expiry countdown', () => {
  const [sqlite] = createTestDatabases();
  let harness: PipelineHarness;
  let configFile: string;
  beforeAll(async () => {
    // Valid for 20 days and 12 hours more: 20 whole days, far from the next change of the figure.
    const certificate = createSelfSignedCertificate({
      notBefore: new Date(Date.now() - dayMs),
      validDays: 21.5,
    });
    const dir = mkdtempSync(join(tmpdir(), 'ms-inbox-cert-'));
    // One file holding the key and the certificate, as the seed's certificate files often do.
    const pem = join(dir, 'client.pem');
    writeFileSync(pem, certificate.privateKeyPem + certificate.certificatePem);
    const certificateLines = `        certificate:\n          private_key_path: ${pem}\n          certificate_path: ${pem}`;
    configFile = writeConfig(dir, certificateLines, null);
    harness = await startPipeline({ database: sqlite!, extraYaml: certificateLines });
    harness.sim.control.addCertificate(demoTenant.clientId, certificate.certificatePem);
  });
  afterAll(async () => {
    await harness?.stop();
    await sqlite?.dispose();
  });

  it('shows the same days left in config check, validate, the clients API and the metric', async () => {
    const everywhere = await daysLeftEverywhere(harness, configFile, 'certificate');
    expect(everywhere).toEqual({ configCheck: 20, validateCli: 20, api: 20, validateApi: 20, metric: 20 });
  }, 90_000);

  it('signs in with the certificate and warns in validate that it expires soon', async () => {
    const validation = await harness.api<{ ok: boolean; checks: Array<{ name: string; severity: string }> }>(
      'POST',
      '/api/clients/demo/validate',
    );
    expect(validation.body.checks).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: 'certificate expiry', severity: 'warning' }),
        expect.objectContaining({ name: 'sign-in', severity: 'ok' }),
      ]),
    );
    const [client] = (await harness.api<Array<Record<string, unknown>>>('GET', '/api/clients')).body;
    expect(client).toMatchObject({ credential: 'certificate', secretExpiry: null });
  });
});

describe('secret expiry countdown', () => {
  const [sqlite] = createTestDatabases();
  let harness: PipelineHarness;
  let configFile: string;
  // A date 20.5 days ahead: the secret stops as that day begins, some fraction of a day past a whole number.
  const expires = new Date(Date.now() + 20.5 * dayMs).toISOString().slice(0, 10);
  beforeAll(async () => {
    const line = `        client_secret_expires: ${expires}`;
    configFile = writeConfig(mkdtempSync(join(tmpdir(), 'ms-inbox-secret-')), line, demoTenant.clientSecret);
    harness = await startPipeline({ database: sqlite!, extraYaml: line });
  });
  afterAll(async () => {
    await harness?.stop();
    await sqlite?.dispose();
  });

  it('config check, validate, the clients API and the metric agree on a secret expiring at a fractional day', async () => {
    const whole = Math.floor((Date.parse(`${expires}T00:00:00Z`) - Date.now()) / dayMs);
    let everywhere = await daysLeftEverywhere(harness, configFile, 'secret');
    // The figure changes at 00:00 UTC; should the run straddle that instant, the places were asked on two days.
    if (Object.values(everywhere).some((days) => days !== whole))
      everywhere = await daysLeftEverywhere(harness, configFile, 'secret');
    const now = Math.floor((Date.parse(`${expires}T00:00:00Z`) - Date.now()) / dayMs);
    expect(everywhere).toEqual({
      configCheck: now,
      validateCli: now,
      api: now,
      validateApi: now,
      metric: now,
    });
  }, 90_000);
});
