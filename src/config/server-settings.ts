import { resolve } from 'node:path';
import type { z } from 'zod';
import { readSecretFile } from './files.js';
import { addSchemaIssues, isMapping, readEnv, warnUnknownKeys, type Problems } from './problems.js';
import { isPlainHttpToRemoteHost, serverSettingSchemas } from './schema.js';
import { Secret } from './secret.js';
import type { ServerConfig } from './types.js';

type ServerKey = keyof typeof serverSettingSchemas;

/** The environment variable that overrides each key of the `server:` section. */
export const serverEnvNames = {
  port: 'PORT',
  public_url: 'PUBLIC_URL',
  database_url: 'DATABASE_URL',
  data_dir: 'DATA_DIR',
  log_level: 'LOG_LEVEL',
  admin_token: 'MS_INBOX_ADMIN_TOKEN',
  admin_token_file: 'MS_INBOX_ADMIN_TOKEN_FILE',
  simulator_url: 'MS_INBOX_SIMULATOR_URL',
  handlers_dir: 'MS_INBOX_HANDLERS_DIR',
  handler_secret: 'MS_INBOX_HANDLER_SECRET',
  handler_secret_previous: 'MS_INBOX_HANDLER_SECRET_PREVIOUS',
  egress_allow: 'MS_INBOX_EGRESS_ALLOW',
  egress_allow_private: 'MS_INBOX_EGRESS_ALLOW_PRIVATE',
} as const satisfies Record<ServerKey, string>;

/** Port used when neither `PORT` nor `server.port` is set. */
const defaultPort = 8080;
const minimumTokenLength = 16;

interface Setting<T> {
  value: T;
  path: string;
}

/** Resolves the server settings: environment variables first, then the `server:` section, then defaults. */
export function resolveServerSettings(
  section: unknown,
  context: { env: NodeJS.ProcessEnv; cwd: string },
  problems: Problems,
): ServerConfig {
  let values: Record<string, unknown> = {};
  if (isMapping(section)) values = section;
  else if (section !== undefined && section !== null)
    problems.error('server', 'must be a mapping of server settings');
  warnUnknownKeys(problems, 'server', values, Object.keys(serverSettingSchemas));

  const read = <K extends ServerKey>(
    key: K,
  ): Setting<z.output<(typeof serverSettingSchemas)[K]>> | undefined => {
    const fromEnv = readEnv(context.env, serverEnvNames[key]);
    const input = fromEnv ?? values[key];
    const path = fromEnv === undefined ? `server.${key}` : serverEnvNames[key];
    if (input === undefined || input === null) return undefined;
    const parsed = serverSettingSchemas[key].safeParse(input);
    if (parsed.success) return { value: parsed.data as z.output<(typeof serverSettingSchemas)[K]>, path };
    addSchemaIssues(problems, path, parsed.error.issues);
    return undefined;
  };

  const publicUrl = read('public_url');
  if (publicUrl !== undefined && isPlainHttpToRemoteHost(publicUrl.value)) {
    problems.warn(
      publicUrl.path,
      'uses http: Microsoft Graph delivers change notifications only to https URLs',
    );
  }
  const dataDir = read('data_dir')?.value ?? 'data';
  const handlersDir = read('handlers_dir')?.value;
  const handlerSecret = read('handler_secret')?.value;
  const handlerSecretPrevious = read('handler_secret_previous')?.value;
  return {
    port: read('port')?.value ?? defaultPort,
    publicUrl: publicUrl?.value ?? null,
    databaseUrl: read('database_url')?.value ?? null,
    dataDir: resolve(context.cwd, dataDir),
    logLevel: read('log_level')?.value ?? 'info',
    adminToken: resolveAdminToken(values, context, problems),
    simulatorUrl: read('simulator_url')?.value ?? null,
    handlersDir: handlersDir === undefined ? null : resolve(context.cwd, handlersDir),
    handlerSecret: handlerSecret === undefined ? null : new Secret(handlerSecret),
    handlerSecretPrevious: handlerSecretPrevious === undefined ? null : new Secret(handlerSecretPrevious),
    egress: {
      allowPrivate: read('egress_allow_private')?.value ?? false,
      allow: read('egress_allow')?.value ?? [],
    },
  };
}

function resolveAdminToken(
  values: Record<string, unknown>,
  context: { env: NodeJS.ProcessEnv; cwd: string },
  problems: Problems,
): Secret | null {
  const envToken = readEnv(context.env, serverEnvNames.admin_token);
  const envFile = readEnv(context.env, serverEnvNames.admin_token_file);
  // The environment replaces the file as a whole, so a token in the file never mixes with a file path from env.
  const layer =
    envToken !== undefined || envFile !== undefined
      ? {
          token: envToken,
          file: envFile,
          tokenPath: serverEnvNames.admin_token,
          filePath: serverEnvNames.admin_token_file,
        }
      : {
          token: values['admin_token'],
          file: values['admin_token_file'],
          tokenPath: 'server.admin_token',
          filePath: 'server.admin_token_file',
        };
  const hasToken = layer.token !== undefined && layer.token !== null;
  const hasFile = layer.file !== undefined && layer.file !== null;
  if (hasToken && hasFile) {
    problems.error(layer.filePath, `set ${layer.tokenPath} or ${layer.filePath}, not both`);
    return null;
  }
  let token: Setting<string> | undefined;
  if (hasToken) {
    const parsed = serverSettingSchemas.admin_token.safeParse(layer.token);
    if (parsed.success) token = { value: parsed.data, path: layer.tokenPath };
    else addSchemaIssues(problems, layer.tokenPath, parsed.error.issues);
  } else if (hasFile) {
    const parsed = serverSettingSchemas.admin_token_file.safeParse(layer.file);
    if (!parsed.success) addSchemaIssues(problems, layer.filePath, parsed.error.issues);
    else {
      const read = readSecretFile(parsed.data, context.cwd);
      if (read.failure !== undefined) problems.error(layer.filePath, read.failure);
      else if (read.value === '') problems.error(layer.filePath, 'the file is empty');
      else token = { value: read.value, path: layer.filePath };
    }
  }
  if (token === undefined) return null;
  if (token.value.length < minimumTokenLength) {
    problems.warn(
      token.path,
      `is shorter than ${minimumTokenLength} characters; use a long random value (e.g. openssl rand -hex 32)`,
    );
  }
  return new Secret(token.value);
}
