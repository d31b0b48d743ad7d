import type { AppConfig, ClientConfig } from './types.js';
import { Secret } from './secret.js';

/** What the demo replaces: the simulator's client, where Graph is, where Graph calls back, the admin token. */
interface DemoOverrides {
  client: { name: string; clientId: string; tenantId: string; clientSecret: string };
  simulatorUrl: string;
  publicUrl: string;
  /** Used only when the configuration has no admin token of its own. */
  adminToken: string;
}

/**
 * The configuration of `npm start` without clients: the given config with the simulator's demo client as its only
 * client, Graph and Entra routed to the simulator, and notifications sent back to this machine.
 */
export function withDemoSettings(config: AppConfig, demo: DemoOverrides): AppConfig {
  const client: ClientConfig = {
    name: demo.client.name,
    clientId: demo.client.clientId,
    tenantId: demo.client.tenantId,
    clientSecret: new Secret(demo.client.clientSecret),
    clientSecretExpires: null,
    certificate: null,
    authorityHost: 'https://login.microsoftonline.com',
    graphEndpoint: 'https://graph.microsoft.com',
  };
  return Object.freeze({
    ...config,
    application: config.application ?? 'demo',
    clients: Object.freeze([Object.freeze(client)]),
    server: Object.freeze({
      ...config.server,
      simulatorUrl: demo.simulatorUrl,
      publicUrl: demo.publicUrl,
      adminToken: config.server.adminToken ?? new Secret(demo.adminToken),
    }),
  });
}
