export { loadConfig, parseConfigText, configSourceFromCli, defaultConfigFileName } from './load-config.js';
export type { LoadConfigOptions, ParseConfigTextOptions } from './load-config.js';
export { formatResolvedConfig, maskedSecret } from './format.js';
export { Secret } from './secret.js';
export { clientSecretEnvName, defaultAuthorityHost, defaultGraphEndpoint } from './clients.js';
export {
  certificateExpiryOf,
  daysLeftUntil,
  judgeCredentialExpiry,
  secretExpiresAt,
  secretExpiryOf,
} from './credential-expiry.js';
export type { CredentialExpiry, CredentialKind } from './credential-expiry.js';
export { serverEnvNames, defaultPort } from './server-settings.js';
export { logLevels } from './types.js';
export type {
  AppConfig,
  ClientCertificate,
  ClientConfig,
  ConfigProblem,
  ConfigSourceOptions,
  InboxSettings,
  LoadedConfig,
  LogLevel,
  ServerConfig,
} from './types.js';
export { withDemoSettings } from './demo-config.js';
export type { DemoOverrides } from './demo-config.js';
export { renderConfigurationReference } from './reference.js';
