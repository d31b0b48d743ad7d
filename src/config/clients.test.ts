import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { createSelfSignedCertificate } from '../simulator/index.js';
import { clientSecretEnvName, parseConfigText } from './index.js';

const clientId = '5f0c2d7e-3b9a-4e61-8c2f-9a1d4b6e7c30';
const tenantId = '9c1e4b2a-6d3f-4a8e-b5c7-1f2e3d4a5b6c';
const secret = 'Abc8Q~xyzT3v9LmN0pQrStUvWx.Yz12345_67-ab';
const now = new Date('2026-06-01T12:00:00Z');

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ms-inbox-clients-'));
});

const load = (text: string, env: NodeJS.ProcessEnv = {}) =>
  parseConfigText(text, { sourceName: 't.yaml', env, cwd: dir, now });

/** One application whose client "support" has the given extra lines and secret lines. */
const supportYaml = (extra: string, secretLines: string) => `app:
  config:
    limepkg_ms_inbox:
      support:
        client_id: ${clientId}
        tenant_id: ${tenantId}
${extra
  .split('\n')
  .filter(Boolean)
  .map((line) => `        ${line}`)
  .join('\n')}
  secrets:
    limepkg_ms_inbox:
      support:
${secretLines
  .split('\n')
  .filter(Boolean)
  .map((line) => `        ${line}`)
  .join('\n')}
`;

describe('client secrets', () => {
  it('the environment variable of a client wins over the file', () => {
    const { config } = load(supportYaml('', `client_secret: ${secret}`), {
      MS_INBOX_CLIENT_SECRET_SUPPORT: 'from-the-environment',
    });
    expect(config.clients[0]?.clientSecret?.reveal()).toBe('from-the-environment');
  });

  it('the environment variable is named after the client, upper-cased, other characters as _', () => {
    expect(clientSecretEnvName('contoso-eu.2')).toBe('MS_INBOX_CLIENT_SECRET_CONTOSO_EU_2');
  });

  it('the environment variable alone is enough when the file has no secret', () => {
    const { config } = load(supportYaml('', ''), { MS_INBOX_CLIENT_SECRET_SUPPORT: secret });
    expect(config.clients[0]?.clientSecret?.reveal()).toBe(secret);
  });

  it('client_secret_file is read and trimmed, relative to the working directory', () => {
    writeFileSync(join(dir, 'support.secret'), `${secret}\n`);
    const { config } = load(supportYaml('', 'client_secret_file: support.secret'));
    expect(config.clients[0]?.clientSecret?.reveal()).toBe(secret);
  });

  it('a client with a certificate needs no secret', () => {
    writeFileSync(join(dir, 'key.pem'), 'key');
    const certificate = `certificate:\n  private_key_path: key.pem\n  thumbprint: "ab:cd:${'EF'.repeat(18)}"`;
    const { config, warnings } = load(supportYaml(certificate, ''));
    expect(warnings).toEqual([]);
    expect(config.clients[0]?.clientSecret).toBeNull();
    expect(config.clients[0]?.certificate).toEqual({
      privateKeyPath: 'key.pem',
      certificatePath: null,
      thumbprint: `ABCD${'EF'.repeat(18)}`,
      notAfter: null,
    });
  });

  it('a secret that looks like a Secret ID (a GUID) is a warning naming the Value column', () => {
    const { config, warnings } = load(supportYaml('', 'client_secret: 0d7c1f3a-2b4e-4c6d-8e9f-1a2b3c4d5e6f'));
    expect(config.clients).toHaveLength(1);
    expect(warnings).toEqual([
      {
        path: 'secrets.limepkg_ms_inbox.support.client_secret',
        message: expect.stringMatching(/Secret ID.*Value/),
      },
    ]);
  });

  it('a secret placed under config is reported as a warning, and the one under secrets is used', () => {
    const { config, warnings } = load(supportYaml('client_secret: stale-copy', `client_secret: ${secret}`));
    expect(config.clients[0]?.clientSecret?.reveal()).toBe(secret);
    expect(warnings).toEqual([
      {
        path: 'config.limepkg_ms_inbox.support.client_secret',
        message: expect.stringMatching(
          /belong under secrets\.limepkg_ms_inbox\.support\.client_secret.*ignored/,
        ),
      },
    ]);
  });

  it('secrets for a client that has no config block are a warning', () => {
    const text = supportYaml('', `client_secret: ${secret}`).replace(
      '      support:\n        client_secret',
      `      sales:\n        client_secret: ${secret}\n      support:\n        client_secret`,
    );
    expect(load(text).warnings).toEqual([
      {
        path: 'secrets.limepkg_ms_inbox.sales',
        message: expect.stringMatching(/no client "sales".*not used/),
      },
    ]);
  });
});

describe('clients', () => {
  it('several clients are read in file order, each with its own secret', () => {
    const text = `app:
  config:
    limepkg_ms_inbox:
      sync_history_length: 20
      support:
        client_id: ${clientId}
        tenant_id: contoso.onmicrosoft.com
      sales:
        client_id: 11111111-2222-4333-8444-555555555555
        tenant_id: ${tenantId}
        authority_host: https://login.microsoftonline.us/
        graph_endpoint: https://graph.microsoft.us
  secrets:
    limepkg_ms_inbox:
      support:
        client_secret: first-secret
      sales:
        client_secret: second-secret
`;
    const { config } = load(text);
    expect(config.inbox.syncHistoryLength).toBe(20);
    expect(config.clients.map((c) => [c.name, c.tenantId, c.clientSecret?.reveal()])).toEqual([
      ['support', 'contoso.onmicrosoft.com', 'first-secret'],
      ['sales', tenantId, 'second-secret'],
    ]);
    expect(config.clients[1]?.authorityHost).toBe('https://login.microsoftonline.us');
    expect(config.clients[1]?.graphEndpoint).toBe('https://graph.microsoft.us');
  });

  it('an application without any client block is valid (the demo)', () => {
    const { config } = load('app:\n  config:\n    limepkg_ms_inbox:\n      sync_history_length: 5\n');
    expect(config.application).toBe('app');
    expect(config.clients).toEqual([]);
  });

  it('a secret expiring within 30 days is a warning with the date and the whole days left', () => {
    const { config, warnings } = load(
      supportYaml('client_secret_expires: 2026-06-15', `client_secret: ${secret}`),
    );
    expect(config.clients[0]?.clientSecretExpires).toBe('2026-06-15');
    expect(warnings).toEqual([
      {
        path: 'config.limepkg_ms_inbox.support.client_secret_expires',
        // 13 days and 12 hours left: 13 whole days, the figure the admin API shows too.
        message: expect.stringMatching(/expires on 2026-06-15, in 13 days/),
      },
    ]);
  });

  it('an expired secret is a warning, and a distant expiry none', () => {
    const expired = load(supportYaml('client_secret_expires: 2026-01-31', `client_secret: ${secret}`));
    expect(expired.warnings[0]?.message).toMatch(/expired on 2026-01-31/);
    expect(
      load(supportYaml('client_secret_expires: 2027-06-01', `client_secret: ${secret}`)).warnings,
    ).toEqual([]);
  });

  describe('certificate expiry', () => {
    /** A certificate valid from a day before `now` until `now` + `daysLeft` days. */
    const certificateFor = (daysLeft: number) =>
      createSelfSignedCertificate({
        notBefore: new Date(now.getTime() - 86_400_000),
        validDays: daysLeft + 1,
      });

    it('reads the end of validity from certificate_path and warns within 30 days, with the whole days left', () => {
      const certificate = certificateFor(20.5);
      writeFileSync(join(dir, 'key.pem'), certificate.privateKeyPem);
      writeFileSync(join(dir, 'cert.pem'), certificate.certificatePem);
      const { config, warnings } = load(
        supportYaml('certificate:\n  private_key_path: key.pem\n  certificate_path: cert.pem', ''),
      );
      expect(config.clients[0]?.certificate?.notAfter).toBe('2026-06-22T00:00:00.000Z');
      expect(warnings).toEqual([
        {
          path: 'config.limepkg_ms_inbox.support.certificate.certificate_path',
          message: expect.stringMatching(/^the certificate expires on 2026-06-22, in 20 days: upload a new/),
        },
      ]);
    });

    it('reads the certificate from a key file that holds the key and the certificate', () => {
      const certificate = certificateFor(200);
      writeFileSync(join(dir, 'both.pem'), certificate.privateKeyPem + certificate.certificatePem);
      const { config, warnings } = load(
        supportYaml(
          `certificate:\n  private_key_path: both.pem\n  thumbprint: ${certificate.thumbprintSha1}`,
          '',
        ),
      );
      expect(config.clients[0]?.certificate?.notAfter).toBe('2026-12-18T12:00:00.000Z');
      expect(warnings).toEqual([]);
    });

    it('an expired certificate is a warning naming the date', () => {
      const certificate = createSelfSignedCertificate({
        notBefore: new Date('2025-01-01T00:00:00Z'),
        validDays: 30,
      });
      writeFileSync(join(dir, 'both.pem'), certificate.privateKeyPem + certificate.certificatePem);
      const { warnings } = load(
        supportYaml('certificate:\n  private_key_path: both.pem\n  certificate_path: both.pem', ''),
      );
      expect(warnings).toEqual([
        {
          path: 'config.limepkg_ms_inbox.support.certificate.certificate_path',
          message: 'the certificate expired on 2025-01-31: sign-in fails until a new certificate is set',
        },
      ]);
    });

    it('a certificate_path without a PEM certificate is an error, and nothing is loaded', () => {
      writeFileSync(join(dir, 'key.pem'), 'key');
      writeFileSync(join(dir, 'cert.cer'), Buffer.from([0x30, 0x82, 0x01]));
      expect(() =>
        load(supportYaml('certificate:\n  private_key_path: key.pem\n  certificate_path: cert.cer', '')),
      ).toThrow(/certificate_path: holds no PEM certificate/);
    });
  });
});
