import { describe, expect, it } from 'vitest';
import { ConfigInvalid } from '../errors/index.js';
import { parseConfigText, type ConfigProblem } from './index.js';

const clientId = '5f0c2d7e-3b9a-4e61-8c2f-9a1d4b6e7c30';
const tenantId = '9c1e4b2a-6d3f-4a8e-b5c7-1f2e3d4a5b6c';
const secret = 'Abc8Q~xyzT3v9LmN0pQrStUvWx.Yz12345_67-ab';
const validClient = `client_id: ${clientId}\ntenant_id: ${tenantId}`;
const validSecret = `client_secret: ${secret}`;

const indent = (text: string, spaces: number) =>
  text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => ' '.repeat(spaces) + line)
    .join('\n');

/** One application with the client "support"; each part can be replaced. */
function appYaml(parts: { client?: string; secret?: string; settings?: string } = {}): string {
  return [
    'app:',
    '  config:',
    '    limepkg_ms_inbox:',
    indent(parts.settings ?? '', 6),
    '      support:',
    indent(parts.client ?? validClient, 8),
    '  secrets:',
    '    limepkg_ms_inbox:',
    '      support:',
    indent(parts.secret ?? validSecret, 8),
  ]
    .filter((line) => line !== '')
    .join('\n');
}

/** The errors and warnings of a configuration text. */
function check(
  text: string,
  options: { app?: string } = {},
): { errors: ConfigProblem[]; warnings: ConfigProblem[] } {
  try {
    const { warnings } = parseConfigText(text, {
      sourceName: 't.yaml',
      env: {},
      cwd: '/nonexistent',
      ...options,
    });
    return { errors: [], warnings };
  } catch (error) {
    if (!ConfigInvalid.is(error)) throw error;
    return { errors: error.params.problems, warnings: error.params.warnings ?? [] };
  }
}

const broken: Array<{ behaviour: string; text: string; app?: string; path: string; message: RegExp }> = [
  {
    behaviour: 'a YAML syntax error is reported with its line and column',
    text: 'app:\n  config:\n\tlimepkg_ms_inbox: {}\n',
    path: '(file)',
    message: /YAML syntax error at line 3, column 1: .*tabs/i,
  },
  {
    behaviour: 'single backslashes inside double quotes are a syntax error that explains the escaping',
    text: appYaml({ settings: 'recovery:\n  path_to_verify_cert: "C:\\MyCert.pem"' }),
    path: '(file)',
    message: /line 5, column \d+: Invalid escape sequence.*each backslash twice/,
  },
  { behaviour: 'an empty file is an error', text: '# nothing yet\n', path: '(file)', message: /is empty/ },
  {
    behaviour: 'a file with only a server section holds no application',
    text: 'server:\n  port: 8080\n',
    path: '(file)',
    message: /holds no application/,
  },
  {
    behaviour: 'several applications without app name the choices',
    text: 'alpha:\n  config:\n    limepkg_ms_inbox:\nbeta:\n  config:\n    limepkg_ms_inbox:\n',
    path: '(file)',
    message: /holds 2 applications \("alpha", "beta"\); choose one/,
  },
  {
    behaviour: 'an unknown app names the choices',
    text: 'alpha:\n  config:\n    limepkg_ms_inbox:\n',
    app: 'gamma',
    path: '(file)',
    message: /has no application "gamma"; it holds "alpha"/,
  },
  {
    behaviour: 'an application without config is an error',
    text: `app:\n  secrets:\n    limepkg_ms_inbox:\n      support:\n        ${validSecret}\n`,
    path: 'config',
    message: /missing/,
  },
  {
    behaviour: 'config without limepkg_ms_inbox is an error',
    text: 'app:\n  config:\n    limepkg_other: {}\n',
    path: 'config.limepkg_ms_inbox',
    message: /missing/,
  },
  {
    behaviour: 'a client without client_id is an error',
    text: appYaml({ client: `tenant_id: ${tenantId}` }),
    path: 'config.limepkg_ms_inbox.support.client_id',
    message: /^missing$/,
  },
  {
    behaviour: 'a client without tenant_id is an error',
    text: appYaml({ client: `client_id: ${clientId}` }),
    path: 'config.limepkg_ms_inbox.support.tenant_id',
    message: /^missing$/,
  },
  {
    behaviour: "a client_id that is not a GUID points to the app's overview page",
    text: appYaml({ client: `client_id: my-app\ntenant_id: ${tenantId}` }),
    path: 'config.limepkg_ms_inbox.support.client_id',
    message: /GUID: the Application \(client\) ID from the app's overview page/,
  },
  {
    behaviour: 'a tenant_id that is neither a GUID nor a domain is an error',
    text: appYaml({ client: `client_id: ${clientId}\ntenant_id: common` }),
    path: 'config.limepkg_ms_inbox.support.tenant_id',
    message: /GUID .*or a domain/,
  },
  {
    behaviour: 'a client_id left as the seed placeholder says to replace it',
    text: appYaml({ client: `client_id: <client-id>\ntenant_id: ${tenantId}` }),
    path: 'config.limepkg_ms_inbox.support.client_id',
    message: /still the placeholder <client-id> from the example; replace it/,
  },
  {
    behaviour: 'a client secret left as the seed placeholder says to replace it',
    text: appYaml({ secret: 'client_secret: <client-secret>' }),
    path: 'secrets.limepkg_ms_inbox.support.client_secret',
    message: /still the placeholder from the example; replace it/,
  },
  {
    behaviour: 'a client without any secret or certificate names the missing key',
    text: appYaml({ secret: '' }),
    path: 'secrets.limepkg_ms_inbox.support.client_secret',
    message: /^missing for client "support".*MS_INBOX_CLIENT_SECRET_SUPPORT/,
  },
  {
    behaviour: 'a secret placed under config only is reported missing from secrets, saying it is ignored',
    text: appYaml({ client: `${validClient}\nclient_secret: ${secret}`, secret: '' }),
    path: 'secrets.limepkg_ms_inbox.support.client_secret',
    message: /missing for client "support".*under config\.limepkg_ms_inbox\.support is ignored: move it here/,
  },
  {
    behaviour: 'sync_history_length must be a positive whole number',
    text: appYaml({ settings: 'sync_history_length: 0' }),
    path: 'config.limepkg_ms_inbox.sync_history_length',
    message: /whole number from 1 to 10000/,
  },
  {
    behaviour: 'sync_history_length above 10000 is an error',
    text: appYaml({ settings: 'sync_history_length: 10001' }),
    path: 'config.limepkg_ms_inbox.sync_history_length',
    message: /whole number from 1 to 10000/,
  },
  {
    behaviour: 'custom_select must be a list',
    text: appYaml({ settings: 'custom_select: subject' }),
    path: 'config.limepkg_ms_inbox.custom_select',
    message: /list of Graph property names/,
  },
  {
    behaviour: 'each custom_select entry must be a Graph property name',
    text: appYaml({ settings: 'custom_select:\n  - subject\n  - "from/address"' }),
    path: 'config.limepkg_ms_inbox.custom_select.1',
    message: /"from\/address" is not a Graph property name/,
  },
  {
    behaviour: 'recovery.path_to_verify_cert must be a string',
    text: appYaml({ settings: 'recovery:\n  path_to_verify_cert: 42' }),
    path: 'config.limepkg_ms_inbox.recovery.path_to_verify_cert',
    message: /must be a string/,
  },
  {
    behaviour: 'a path whose backslashes were read as escapes is an error',
    text: appYaml({ settings: 'recovery:\n  path_to_verify_cert: "C:\\new\\test.pem"' }),
    path: 'config.limepkg_ms_inbox.recovery.path_to_verify_cert',
    message: /control character.*each backslash twice/,
  },
  {
    behaviour: 'client_secret_expires must be a date',
    text: appYaml({ client: `${validClient}\nclient_secret_expires: 31/12/2026` }),
    path: 'config.limepkg_ms_inbox.support.client_secret_expires',
    message: /date like 2026-12-31/,
  },
  {
    behaviour: 'client_secret and client_secret_file together are an error',
    text: appYaml({ secret: `${validSecret}\nclient_secret_file: /run/secrets/support` }),
    path: 'secrets.limepkg_ms_inbox.support',
    message: /client_secret or client_secret_file, not both/,
  },
  {
    behaviour: 'an unreadable client_secret_file is an error',
    text: appYaml({ secret: 'client_secret_file: /nonexistent/support-secret' }),
    path: 'secrets.limepkg_ms_inbox.support.client_secret_file',
    message: /cannot read \/nonexistent\/support-secret: file not found/,
  },
  {
    behaviour: 'a certificate needs its thumbprint or its certificate file',
    text: appYaml({ client: `${validClient}\ncertificate:\n  private_key_path: /etc/key.pem`, secret: '' }),
    path: 'config.limepkg_ms_inbox.support.certificate',
    message: /needs certificate_path or thumbprint/,
  },
  {
    behaviour: 'a certificate whose private key cannot be read is an error',
    text: appYaml({
      client: `${validClient}\ncertificate:\n  private_key_path: /nonexistent/key.pem\n  thumbprint: ${'AB'.repeat(20)}`,
      secret: '',
    }),
    path: 'config.limepkg_ms_inbox.support.certificate.private_key_path',
    message: /cannot read \/nonexistent\/key\.pem/,
  },
  {
    behaviour: 'server.port outside 1–65535 is an error',
    text: `${appYaml()}\nserver:\n  port: 70000\n`,
    path: 'server.port',
    message: /port number from 1 to 65535/,
  },
  {
    behaviour: 'an unknown server.log_level lists the levels',
    text: `${appYaml()}\nserver:\n  log_level: verbose\n`,
    path: 'server.log_level',
    message: /"verbose" is not a log level; use one of fatal, error, warn, info, debug, trace, silent/,
  },
];

describe('broken configurations name the key path of every problem', () => {
  for (const { behaviour, text, app, path, message } of broken) {
    it(behaviour, () => {
      const { errors } = check(text, app === undefined ? {} : { app });
      expect(errors).toEqual([{ path, message: expect.stringMatching(message) }]);
    });
  }

  it('all problems are reported at once, not only the first', () => {
    const text = appYaml({
      settings: 'sync_history_length: -1\ncustom_select: 5',
      client: 'client_id: nope\ntenant_id: <tenant-id>',
      secret: '',
    });
    expect(check(text).errors.map((p) => p.path)).toEqual([
      'config.limepkg_ms_inbox.sync_history_length',
      'config.limepkg_ms_inbox.custom_select',
      'config.limepkg_ms_inbox.support.client_id',
      'config.limepkg_ms_inbox.support.tenant_id',
      'secrets.limepkg_ms_inbox.support.client_secret',
    ]);
  });
});
