import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeEach, describe, expect, it } from 'vitest';
import { ConfigInvalid } from '../errors/index.js';
import { configSourceFromCli, loadConfig, parseConfigText } from './index.js';

const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
const clientId = '5f0c2d7e-3b9a-4e61-8c2f-9a1d4b6e7c30';
const tenantId = '9c1e4b2a-6d3f-4a8e-b5c7-1f2e3d4a5b6c';
const seedSecret = 'Abc8Q~xyzT3v9LmN0pQrStUvWx.Yz12345_67-ab';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ms-inbox-config-'));
});

const twoApps = `alpha:
  config:
    limepkg_ms_inbox: {}
beta:
  config:
    limepkg_ms_inbox: {}
`;

describe('the seed examples', () => {
  it('the standard config loads unchanged, with the defaults of every inbox setting', () => {
    const { config, warnings } = loadConfig({ configPath: fixture('seed-standard.yaml'), env: {}, cwd: dir });
    expect(warnings).toEqual([]);
    expect(config.application).toBe('my-application');
    expect(config.sourcePath).toBe(fixture('seed-standard.yaml'));
    expect(config.inbox).toEqual({
      recovery: { pathToVerifyCert: null },
      syncHistoryLength: 50,
      customSelect: [],
    });
    expect(config.clients).toHaveLength(1);
    const [client] = config.clients;
    expect(client).toMatchObject({
      name: 'contoso',
      clientId,
      tenantId,
      clientSecretExpires: null,
      certificate: null,
      authorityHost: 'https://login.microsoftonline.com',
      graphEndpoint: 'https://graph.microsoft.com',
    });
    expect(client?.clientSecret?.reveal()).toBe(seedSecret);
  });

  it('the full config loads unchanged and the escaped backslashes become single ones', () => {
    const { config, warnings } = loadConfig({ configPath: fixture('seed-full.yaml'), env: {}, cwd: dir });
    expect(readFileSync(fixture('seed-full.yaml'), 'utf8')).toContain('"C:\\\\MyFolder\\\\MyCert.pem"');
    expect(config.inbox.recovery.pathToVerifyCert).toBe('C:\\MyFolder\\MyCert.pem');
    expect(config.inbox.recovery.pathToVerifyCert).toBe(String.raw`C:\MyFolder\MyCert.pem`);
    expect(config.inbox.syncHistoryLength).toBe(50);
    expect(config.inbox.customSelect).toEqual(['custom_field_1', 'custom_field_2']);
    expect(config.clients.map((c) => c.name)).toEqual(['contoso']);
    // The certificate lives on the customer's Windows server, so here it is only a warning.
    expect(warnings.map((w) => w.path)).toEqual(['config.limepkg_ms_inbox.recovery.path_to_verify_cert']);
  });
});

describe('finding the file', () => {
  it('reads application_config.yaml from the working directory by default', () => {
    writeFileSync(join(dir, 'application_config.yaml'), readFileSync(fixture('seed-standard.yaml')));
    const { config } = loadConfig({ env: {}, cwd: dir });
    expect(config.sourcePath).toBe(join(dir, 'application_config.yaml'));
    expect(config.clients).toHaveLength(1);
  });

  it('without the default file the config has no application and no clients (the demo)', () => {
    const { config, warnings } = loadConfig({ env: {}, cwd: dir });
    expect(config.application).toBeNull();
    expect(config.sourcePath).toBeNull();
    expect(config.clients).toEqual([]);
    expect(config.server.port).toBe(8080);
    expect(warnings).toEqual([{ path: '(file)', message: expect.stringMatching(/demo/) }]);
  });

  it('MS_INBOX_CONFIG names the file, and the configPath option wins over it', () => {
    const path = join(dir, 'elsewhere.yaml');
    writeFileSync(path, readFileSync(fixture('seed-full.yaml')));
    expect(loadConfig({ env: { MS_INBOX_CONFIG: path }, cwd: dir }).config.sourcePath).toBe(path);
    const std = fixture('seed-standard.yaml');
    expect(loadConfig({ configPath: std, env: { MS_INBOX_CONFIG: path }, cwd: dir }).config.sourcePath).toBe(
      std,
    );
  });

  it('an explicitly named file that does not exist is an error, from the option or from the environment', () => {
    for (const options of [{ configPath: 'missing.yaml' }, { env: { MS_INBOX_CONFIG: 'missing.yaml' } }]) {
      const attempt = () => loadConfig({ env: {}, cwd: dir, ...options });
      expect(attempt).toThrow(/\(file\): cannot read .*missing\.yaml: file not found/);
    }
  });
});

describe('choosing the application', () => {
  it('the app option picks one of several applications', () => {
    const { config } = parseConfigText(twoApps, { sourceName: 't.yaml', app: 'beta', env: {}, cwd: dir });
    expect(config.application).toBe('beta');
  });

  it('MS_INBOX_APP picks the application when the option is not given', () => {
    const { config } = parseConfigText(twoApps, {
      sourceName: 't.yaml',
      env: { MS_INBOX_APP: 'alpha' },
      cwd: dir,
    });
    expect(config.application).toBe('alpha');
  });

  it('the server key is never taken for an application', () => {
    const text = `server:\n  port: 9000\nalpha:\n  config:\n    limepkg_ms_inbox:\n`;
    const { config } = parseConfigText(text, { sourceName: 't.yaml', env: {}, cwd: dir });
    expect(config.application).toBe('alpha');
    expect(config.server.port).toBe(9000);
  });
});

describe('the resolved configuration', () => {
  it('is deeply frozen', () => {
    const { config } = loadConfig({ configPath: fixture('seed-full.yaml'), env: {}, cwd: dir });
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.inbox.customSelect)).toBe(true);
    expect(Object.isFrozen(config.clients[0])).toBe(true);
    expect(Object.isFrozen(config.server)).toBe(true);
  });

  it('throws the coded error MSI_CONFIG_INVALID with every problem on its own line', () => {
    const text = `app:\n  config:\n    limepkg_ms_inbox:\n      support:\n        tenant_id: nope\n`;
    let caught: unknown;
    try {
      parseConfigText(text, { sourceName: 't.yaml', env: { PORT: '0' }, cwd: dir });
    } catch (error) {
      caught = error;
    }
    expect(ConfigInvalid.is(caught)).toBe(true);
    if (!ConfigInvalid.is(caught)) return;
    expect(caught.code).toBe('MSI_CONFIG_INVALID');
    expect(caught.params.source).toBe('t.yaml');
    expect(caught.params.problems.map((p) => p.path)).toEqual([
      'config.limepkg_ms_inbox.support.client_id',
      'config.limepkg_ms_inbox.support.tenant_id',
      'secrets.limepkg_ms_inbox.support.client_secret',
      'PORT',
    ]);
    const lines = caught.message.split('\n');
    expect(lines[0]).toBe('Invalid configuration in t.yaml (4 problems):');
    expect(lines.slice(1)).toEqual(caught.params.problems.map((p) => `${p.path}: ${p.message}`));
  });
});

describe('configSourceFromCli', () => {
  it('turns --config and --app into loadConfig options, dropping the unset ones', () => {
    expect(configSourceFromCli({ config: 'a.yaml', app: 'x' })).toEqual({ configPath: 'a.yaml', app: 'x' });
    expect(configSourceFromCli({})).toEqual({});
  });
});
