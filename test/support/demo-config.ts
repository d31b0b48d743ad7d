import { parseConfigText, type AppConfig } from '../../src/config/index.js';
import { demoTenant } from '../../src/simulator/index.js';

/** Admin token of the services the reliability suites and benchmarks start. */
export const serviceAdminToken = 'test-admin-token-0123456789';

/** The app registration ms-inbox signs in with (the simulator's `demoTenant`). */
export interface DemoClient {
  tenantId: string;
  clientId: string;
  clientSecret: string;
}

/**
 * The configuration of an ms-inbox process with the simulator's demo client, as the harnesses build it. The client
 * comes from the caller, so a child process need not load the simulator (which would inflate its memory).
 */
export function demoServiceConfig(input: {
  client: DemoClient;
  simulatorUrl: string;
  databaseUrl: string | null;
  dataDir: string;
  publicUrl: string;
}): AppConfig {
  const yaml = [
    'test-app:',
    '  config:',
    '    limepkg_ms_inbox:',
    '      demo:',
    `        client_id: ${input.client.clientId}`,
    `        tenant_id: ${input.client.tenantId}`,
    '  secrets:',
    '    limepkg_ms_inbox:',
    '      demo:',
    `        client_secret: ${input.client.clientSecret}`,
  ].join('\n');
  return parseConfigText(yaml, {
    sourceName: 'test',
    env: {
      MS_INBOX_SIMULATOR_URL: input.simulatorUrl,
      DATA_DIR: input.dataDir,
      ...(input.databaseUrl ? { DATABASE_URL: input.databaseUrl } : {}),
      MS_INBOX_ADMIN_TOKEN: serviceAdminToken,
      PUBLIC_URL: input.publicUrl,
      LOG_LEVEL: 'silent',
    },
  }).config;
}

/**
 * `application_config.yaml` text with the simulator's demo client `demo` in the seed's layout (config and secrets
 * split); `clientLines` go under the client's config (already indented), e.g. `client_secret_expires`.
 */
export function demoClientYaml(clientLines?: string): string {
  return [
    'test-app:',
    '  config:',
    '    limepkg_ms_inbox:',
    '      demo:',
    `        client_id: ${demoTenant.clientId}`,
    `        tenant_id: ${demoTenant.tenantId}`,
    ...(clientLines ? [clientLines] : []),
    '  secrets:',
    '    limepkg_ms_inbox:',
    '      demo:',
    `        client_secret: ${demoTenant.clientSecret}`,
    '',
  ].join('\n');
}
