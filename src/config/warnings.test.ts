import { describe, expect, it } from 'vitest';
import { ConfigInvalid } from '../errors/index.js';
import { parseConfigText, type ConfigProblem } from './index.js';

const clientId = '5f0c2d7e-3b9a-4e61-8c2f-9a1d4b6e7c30';
const tenantId = '9c1e4b2a-6d3f-4a8e-b5c7-1f2e3d4a5b6c';
const secret = 'Abc8Q~xyzT3v9LmN0pQrStUvWx.Yz12345_67-ab';

/** The warnings of a configuration, valid or not (an invalid one carries them beside its errors). */
function warningsOf(text: string): ConfigProblem[] {
  try {
    return parseConfigText(text, { sourceName: 't.yaml', env: {}, cwd: '/nonexistent' }).warnings;
  } catch (error) {
    if (!ConfigInvalid.is(error)) throw error;
    return error.params.warnings ?? [];
  }
}

describe('unknown keys are warnings with their path', () => {
  it('anywhere in the application, the server section and the secrets, also beside errors', () => {
    const text = `app:
  config:
    limepkg_ms_inbox:
      recovery:
        path_to_verify: /etc/ca.pem
      enabled: true
      support:
        clientId: ${clientId}
        client_id: ${clientId}
        tenant_id: ${tenantId}
        certificate:
          private_key_path: /nonexistent/key.pem
          thumbprint: ${'AB'.repeat(20)}
          password: nope
    limepkg_other:
      x: 1
  secrets:
    limepkg_ms_inbox:
      support:
        client_secret: ${secret}
        note: rotate in June
  extra: 1
server:
  prot: 8080
`;
    // The unreadable private key makes this configuration invalid; its warnings still come with the error.
    expect(() => parseConfigText(text, { sourceName: 't.yaml', env: {}, cwd: '/' })).toThrow(
      /private_key_path/,
    );
    const paths = warningsOf(text).map((w) => w.path);
    expect(paths).toEqual([
      'extra',
      'config.limepkg_other',
      'config.limepkg_ms_inbox.enabled',
      'config.limepkg_ms_inbox.recovery.path_to_verify',
      'config.limepkg_ms_inbox.support.clientId',
      'config.limepkg_ms_inbox.support.certificate.password',
      'secrets.limepkg_ms_inbox.support.note',
      'server.prot',
    ]);
  });

  it('a misspelt key suggests the key that was meant', () => {
    const text = `app:
  config:
    limepkg_ms_inbox:
      support:
        client_id: ${clientId}
        tenant_id: ${tenantId}
        Graph-Endpoint: https://graph.microsoft.com
  secrets:
    limepkg_ms_inbox:
      support:
        client_secret: ${secret}
`;
    expect(warningsOf(text)).toEqual([
      {
        path: 'config.limepkg_ms_inbox.support.Graph-Endpoint',
        message: 'unknown key; ignored (did you mean graph_endpoint?)',
      },
    ]);
  });
});

describe('names left as seed placeholders', () => {
  it('the application and client names from the example are warnings', () => {
    const text = `<my-application>:
  config:
    limepkg_ms_inbox:
      <my-client-name>:
        client_id: ${clientId}
        tenant_id: ${tenantId}
  secrets:
    limepkg_ms_inbox:
      <my-client-name>:
        client_secret: ${secret}
`;
    expect(warningsOf(text)).toEqual([
      { path: '(file)', message: expect.stringMatching(/<my-application> is still the placeholder/) },
      {
        path: 'config.limepkg_ms_inbox.<my-client-name>',
        message: expect.stringMatching(/still the placeholder from the example; replace it/),
      },
    ]);
  });
});
