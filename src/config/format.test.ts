import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { parseConfigText } from './index.js';
import { formatResolvedConfig } from './index.js';

const clientId = '5f0c2d7e-3b9a-4e61-8c2f-9a1d4b6e7c30';
const tenantId = '9c1e4b2a-6d3f-4a8e-b5c7-1f2e3d4a5b6c';
const clientSecret = 'Zq9~canary-client-secret.0123456789abcdef';
const adminToken = 'canary-admin-token-0123456789abcdef';
const databasePassword = 'canaryDbPassword42';
const canaries = [clientSecret, adminToken, databasePassword];

const validText = `app:
  config:
    limepkg_ms_inbox:
      support:
        client_id: ${clientId}
        tenant_id: ${tenantId}
  secrets:
    limepkg_ms_inbox:
      support:
        client_secret: ${clientSecret}
server:
  admin_token: ${adminToken}
  database_url: postgres://inbox:${databasePassword}@db:5432/ms_inbox
`;

const load = (text: string, env: NodeJS.ProcessEnv = {}) =>
  parseConfigText(text, { sourceName: 't.yaml', env, cwd: '/srv/ms-inbox' });

/** The full text of the error a configuration throws. */
function failureText(text: string, env: NodeJS.ProcessEnv = {}): string {
  try {
    load(text, env);
  } catch (error) {
    return `${String(error)}\n${JSON.stringify(error)}\n${inspect(error, { depth: 10 })}`;
  }
  throw new Error('the configuration was expected to be invalid');
}

describe('formatResolvedConfig', () => {
  it('prints the resolved configuration as YAML with every secret masked', () => {
    const output = formatResolvedConfig(load(validText).config);
    expect(output).toContain('application: app\n');
    expect(output).toContain(`clientId: ${clientId}`);
    expect(output).toContain('clientSecret: "****"');
    expect(output).toContain('adminToken: "****"');
    expect(output).toContain('databaseUrl: postgres://inbox:****@db:5432/ms_inbox');
    expect(output).toContain('dataDir: /srv/ms-inbox/data');
    for (const canary of canaries) expect(output).not.toContain(canary);
  });

  it('shows unset secrets as null', () => {
    const text = 'app:\n  config:\n    limepkg_ms_inbox:\n';
    expect(formatResolvedConfig(load(text).config)).toContain('adminToken: null');
  });
});

describe('secrets never appear in messages', () => {
  it('not in the loaded config when it is logged, serialised or inspected', () => {
    const { config } = load(validText);
    const clientText = JSON.stringify(config.clients) + inspect(config, { depth: 10 });
    expect(clientText).not.toContain(clientSecret);
    expect(clientText).not.toContain(adminToken);
  });

  it('not in the errors of an invalid configuration, wherever the secret was put', () => {
    const text = `app:
  config:
    limepkg_ms_inbox:
      support:
        client_id: ${clientSecret}
        tenant_id: ${adminToken}
        client_secret: ${clientSecret}
      sales:
        client_id: ${clientId}
        tenant_id: ${tenantId}
  secrets:
    limepkg_ms_inbox:
      support:
        client_secret: ${clientSecret}
        client_secret_file: /run/secrets/support
      sales:
        client_secret: 12345
`;
    const output = failureText(text, {
      DATABASE_URL: `mysql://root:${databasePassword}@db/inbox`,
      MS_INBOX_ADMIN_TOKEN: adminToken,
      MS_INBOX_ADMIN_TOKEN_FILE: '/run/secrets/admin',
    });
    expect(output).toMatch(/config\.limepkg_ms_inbox\.support\.client_id/);
    expect(output).toMatch(/DATABASE_URL/);
    for (const canary of canaries) expect(output).not.toContain(canary);
  });

  it('not in a YAML syntax error on the line of the secret', () => {
    const output = failureText(
      validText.replace(`client_secret: ${clientSecret}`, `client_secret: "${clientSecret}\\q"`),
    );
    expect(output).toMatch(/YAML syntax error at line 10/);
    expect(output).not.toContain(clientSecret);
  });
});
