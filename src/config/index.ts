export { loadConfig, parseConfigText, configSourceFromCli } from './load-config.js';
export { formatResolvedConfig } from './format.js';
export { Secret } from './secret.js';
export { clientSecretEnvName } from './clients.js';
export {
  certificateExpiryOf,
  daysLeftUntil,
  judgeCredentialExpiry,
  secretExpiresAt,
  secretExpiryOf,
} from './credential-expiry.js';
export type { CredentialExpiry } from './credential-expiry.js';
export { serverEnvNames } from './server-settings.js';
export { logLevels } from './types.js';
export type {
  AppConfig,
  ClientCertificate,
  ClientConfig,
  ConfigProblem,
  ConfigSourceOptions,
  InboxSettings,
  LoadedConfig,
  ServerConfig,
} from './types.js';
export { withDemoSettings } from './demo-config.js';
export { renderConfigurationReference } from './reference.js';
