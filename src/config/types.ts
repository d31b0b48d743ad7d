import type { Secret } from './secret.js';

/** Log levels pino accepts, from loudest to silent. */
export const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** One of pino's log levels. */
type LogLevel = (typeof logLevels)[number];

/** Settings of `config.limepkg_ms_inbox` that are not clients. */
export interface InboxSettings {
  readonly recovery: { readonly pathToVerifyCert: string | null };
  readonly syncHistoryLength: number;
  readonly customSelect: readonly string[];
}

/** Certificate credentials of a client, used instead of (or beside) a client secret. */
export interface ClientCertificate {
  readonly privateKeyPath: string;
  readonly certificatePath: string | null;
  readonly thumbprint: string | null;
  /** End of the certificate's validity (ISO 8601), read from its PEM file; null when the files hold none. */
  readonly notAfter: string | null;
}

/** One Azure app registration (a "client") that ms-inbox signs in with. */
export interface ClientConfig {
  readonly name: string;
  readonly clientId: string;
  readonly tenantId: string;
  readonly clientSecret: Secret | null;
  readonly clientSecretExpires: string | null;
  readonly certificate: ClientCertificate | null;
  readonly authorityHost: string;
  readonly graphEndpoint: string;
}

/** Process settings from the `server:` section and the environment. */
export interface ServerConfig {
  readonly port: number;
  readonly publicUrl: string | null;
  readonly databaseUrl: string | null;
  readonly dataDir: string;
  readonly logLevel: LogLevel;
  readonly adminToken: Secret | null;
  readonly simulatorUrl: string | null;
  /** Folder of TypeScript/JavaScript handler modules (`MS_INBOX_HANDLERS_DIR`). */
  readonly handlersDir: string | null;
  /** Signs calls to external HTTP handlers; the previous one stays valid during a rotation. */
  readonly handlerSecret: Secret | null;
  readonly handlerSecretPrevious: Secret | null;
  /** What admin-configured outbound calls may reach (`egress_allow_private`, `egress_allow`). */
  readonly egress: { readonly allowPrivate: boolean; readonly allow: readonly string[] };
}

/** The whole resolved configuration, deeply frozen. */
export interface AppConfig {
  readonly application: string | null;
  readonly sourcePath: string | null;
  readonly inbox: InboxSettings;
  readonly clients: readonly ClientConfig[];
  readonly server: ServerConfig;
}

/** Something wrong or doubtful, named by its key path (relative to the application) or variable name. */
export interface ConfigProblem {
  path: string;
  message: string;
}

/** A valid configuration and the warnings found while reading it. */
export interface LoadedConfig {
  config: AppConfig;
  warnings: ConfigProblem[];
}

/** Where the configuration comes from and which environment and clock it is resolved against. */
export interface ConfigSourceOptions {
  /** Application to use when the file holds several (default: `MS_INBOX_APP`). */
  app?: string;
  /** Environment to read overrides from (default: `process.env`). */
  env?: NodeJS.ProcessEnv;
  /** Directory relative paths are resolved against (default: `process.cwd()`). */
  cwd?: string;
  /** Time used to judge `client_secret_expires` and certificate expiry (default: now). */
  now?: Date;
}
