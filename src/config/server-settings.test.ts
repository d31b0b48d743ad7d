import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { ConfigInvalid } from '../errors/index.js';
import { loadConfig, parseConfigText, type ConfigProblem } from './index.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ms-inbox-server-'));
});

const app = 'app:\n  config:\n    limepkg_ms_inbox:\n';
const withServer = (lines: string) => `${app}server:\n${lines.replace(/^/gm, '  ')}\n`;
const load = (text: string, env: NodeJS.ProcessEnv = {}) =>
  parseConfigText(text, { sourceName: 't.yaml', env, cwd: dir });

function errorsOf(text: string, env: NodeJS.ProcessEnv = {}): ConfigProblem[] {
  try {
    load(text, env);
  } catch (error) {
    if (ConfigInvalid.is(error)) return error.params.problems;
    throw error;
  }
  throw new Error('the configuration was expected to be invalid');
}

describe('server settings', () => {
  it('defaults apply when neither the server section nor the environment sets anything', () => {
    expect(load(app).config.server).toEqual({
      port: 8080,
      publicUrl: null,
      databaseUrl: null,
      dataDir: join(dir, 'data'),
      logLevel: 'info',
      adminToken: null,
      simulatorUrl: null,
      handlersDir: null,
      handlerSecret: null,
      handlerSecretPrevious: null,
      egress: { allowPrivate: false, allow: [] },
    });
  });

  it('reads the egress allow list and the private-range switch, from YAML or comma-separated from the environment', () => {
    const yaml = load(withServer("egress_allow: ['127.0.0.1', '10.20.0.0/16']\negress_allow_private: true"));
    expect(yaml.config.server.egress).toEqual({ allowPrivate: true, allow: ['127.0.0.1', '10.20.0.0/16'] });
    const env = load(app, {
      MS_INBOX_EGRESS_ALLOW: '127.0.0.1, ::1',
      MS_INBOX_EGRESS_ALLOW_PRIVATE: 'false',
    });
    expect(env.config.server.egress).toEqual({ allowPrivate: false, allow: ['127.0.0.1', '::1'] });
  });

  it('names each bad egress entry', () => {
    const problems = errorsOf(
      withServer("egress_allow: ['127.0.0.1', 'intranet', '10.0.0.0/40']\negress_allow_private: maybe"),
    );
    expect(problems).toHaveLength(3);
    expect(problems).toEqual(
      expect.arrayContaining([
        {
          path: 'server.egress_allow.1',
          message: '"intranet" is not an IP address or CIDR block (such as 127.0.0.1 or 10.20.0.0/16)',
        },
        {
          path: 'server.egress_allow.2',
          message: '"10.0.0.0/40" is not an IP address or CIDR block (such as 127.0.0.1 or 10.20.0.0/16)',
        },
        { path: 'server.egress_allow_private', message: 'must be true or false' },
      ]),
    );
  });

  it('reads the handlers folder and the handler signing secrets, masking the secrets', () => {
    const { config } = load(app, {
      MS_INBOX_HANDLERS_DIR: 'handlers',
      MS_INBOX_HANDLER_SECRET: 'current-signing-secret',
      MS_INBOX_HANDLER_SECRET_PREVIOUS: 'previous-signing-secret',
    });
    expect(config.server.handlersDir).toBe(join(dir, 'handlers'));
    expect(config.server.handlerSecret?.reveal()).toBe('current-signing-secret');
    expect(config.server.handlerSecretPrevious?.reveal()).toBe('previous-signing-secret');
    expect(JSON.stringify(config.server)).not.toContain('signing-secret');
  });

  it('the server section sets every setting', () => {
    writeFileSync(join(dir, 'admin.token'), 'a-long-random-admin-token-0123456789\n');
    const { config, warnings } = load(
      withServer(
        [
          'port: 9090',
          'public_url: https://inbox.contoso.com/',
          'database_url: postgres://inbox:pw@db:5432/ms_inbox',
          'data_dir: /var/lib/ms-inbox',
          'log_level: DEBUG',
          'admin_token_file: admin.token',
          'simulator_url: http://localhost:9999',
        ].join('\n'),
      ),
    );
    expect(warnings).toEqual([]);
    expect(config.server).toMatchObject({
      port: 9090,
      publicUrl: 'https://inbox.contoso.com',
      databaseUrl: 'postgres://inbox:pw@db:5432/ms_inbox',
      dataDir: '/var/lib/ms-inbox',
      logLevel: 'debug',
      simulatorUrl: 'http://localhost:9999',
    });
    expect(config.server.adminToken?.reveal()).toBe('a-long-random-admin-token-0123456789');
  });

  it('environment variables override the server section', () => {
    const { config } = load(withServer('port: 9090\nlog_level: warn\ndata_dir: /srv/a'), {
      PORT: '7070',
      LOG_LEVEL: 'trace',
      DATA_DIR: 'state',
      PUBLIC_URL: 'https://ms-inbox.example.org',
      DATABASE_URL: 'postgresql://localhost/ms_inbox',
      MS_INBOX_ADMIN_TOKEN: 'token-from-the-environment-xyz',
      MS_INBOX_SIMULATOR_URL: 'http://127.0.0.1:4000',
    });
    expect(config.server).toMatchObject({
      port: 7070,
      logLevel: 'trace',
      dataDir: join(dir, 'state'),
      publicUrl: 'https://ms-inbox.example.org',
      databaseUrl: 'postgresql://localhost/ms_inbox',
      simulatorUrl: 'http://127.0.0.1:4000',
    });
    expect(config.server.adminToken?.reveal()).toBe('token-from-the-environment-xyz');
  });

  it('an empty environment variable counts as unset', () => {
    expect(load(withServer('port: 9090'), { PORT: '' }).config.server.port).toBe(9090);
  });
});

describe('invalid server settings name the variable or key they came from', () => {
  const cases: Array<{
    behaviour: string;
    text?: string;
    env?: NodeJS.ProcessEnv;
    path: string;
    message: RegExp;
  }> = [
    { behaviour: 'PORT must be a port number', env: { PORT: '70000' }, path: 'PORT', message: /1 to 65535/ },
    { behaviour: 'PORT must be a number', env: { PORT: 'http' }, path: 'PORT', message: /1 to 65535/ },
    {
      behaviour: 'server.port 0 is an error',
      text: withServer('port: 0'),
      path: 'server.port',
      message: /1 to 65535/,
    },
    {
      behaviour: 'PUBLIC_URL must be an absolute http(s) URL',
      env: { PUBLIC_URL: 'inbox.contoso.com' },
      path: 'PUBLIC_URL',
      message: /absolute http:\/\/ or https:\/\/ URL/,
    },
    {
      behaviour: 'DATABASE_URL must be a PostgreSQL URL',
      env: { DATABASE_URL: 'mysql://root:hunter2@db/inbox' },
      path: 'DATABASE_URL',
      message: /postgres:\/\/ or postgresql:\/\//,
    },
    {
      behaviour: 'LOG_LEVEL must be a known level',
      env: { LOG_LEVEL: 'loud' },
      path: 'LOG_LEVEL',
      message: /"loud" is not a log level/,
    },
    {
      behaviour: 'MS_INBOX_SIMULATOR_URL must be a URL',
      env: { MS_INBOX_SIMULATOR_URL: 'localhost:4000' },
      path: 'MS_INBOX_SIMULATOR_URL',
      message: /absolute http/,
    },
    {
      behaviour: 'the admin token and its file together are an error',
      env: { MS_INBOX_ADMIN_TOKEN: 'x'.repeat(20), MS_INBOX_ADMIN_TOKEN_FILE: '/run/secrets/admin' },
      path: 'MS_INBOX_ADMIN_TOKEN_FILE',
      message: /not both/,
    },
    {
      behaviour: 'an unreadable admin_token_file is an error',
      text: withServer('admin_token_file: /nonexistent/admin'),
      path: 'server.admin_token_file',
      message: /cannot read \/nonexistent\/admin: file not found/,
    },
    {
      behaviour: 'a server section that is not a mapping is an error',
      text: `${app}server: 8080\n`,
      path: 'server',
      message: /mapping/,
    },
  ];
  for (const { behaviour, text, env, path, message } of cases) {
    it(behaviour, () => {
      expect(errorsOf(text ?? app, env)).toEqual([{ path, message: expect.stringMatching(message) }]);
    });
  }

  it('environment problems are reported even when the YAML is broken', () => {
    expect(errorsOf('app: [', { PORT: '-1' }).map((p) => p.path)).toEqual(['(file)', 'PORT']);
  });

  it('environment problems are reported without any file (the demo)', () => {
    expect(() => loadConfig({ env: { PORT: '-1' }, cwd: dir })).toThrow(/^PORT: must be a port number/m);
  });
});

describe('server warnings', () => {
  it('an http public URL on another host is a warning: Graph only calls https', () => {
    const { warnings } = load(app, { PUBLIC_URL: 'http://inbox.contoso.com' });
    expect(warnings).toEqual([{ path: 'PUBLIC_URL', message: expect.stringMatching(/only to https/) }]);
    expect(load(app, { PUBLIC_URL: 'http://localhost:8080' }).warnings).toEqual([]);
  });

  it('a short admin token is a warning', () => {
    const { warnings } = load(withServer('admin_token: secret'));
    expect(warnings).toEqual([
      { path: 'server.admin_token', message: expect.stringMatching(/shorter than 16/) },
    ]);
  });
});
