import { resolveClients, type ClientContext } from './clients.js';
import { findUnreadable } from './files.js';
import { addSchemaIssues, filePath, isMapping, warnUnknownKeys, type Problems } from './problems.js';
import { inboxSettingsSchema, isPlaceholder } from './schema.js';
import type { ClientConfig, InboxSettings } from './types.js';

/** The package key under `config` and `secrets` that ms-inbox reads, as in Lime's application config. */
const packageKey = 'limepkg_ms_inbox';

const settingsPath = `config.${packageKey}`;
const settingKeys = Object.keys(inboxSettingsSchema.shape);

/** Inbox settings used when the application does not set them (and in the demo). */
export const defaultInboxSettings: InboxSettings = {
  recovery: { pathToVerifyCert: null },
  syncHistoryLength: 50,
  customSelect: [],
};

/** Reads one application's section: inbox settings, and every client joined with its secrets. */
export function resolveApplication(
  name: string,
  section: unknown,
  context: ClientContext,
  problems: Problems,
): { inbox: InboxSettings; clients: ClientConfig[] } {
  if (!isMapping(section)) {
    problems.error(filePath, `application "${name}" must be a mapping with config and secrets`);
    return { inbox: defaultInboxSettings, clients: [] };
  }
  warnUnknownKeys(problems, '', section, ['config', 'secrets']);
  const settings = readPackageSection(section, problems);
  const secretBlocks = readSecretBlocks(section, problems);
  if (settings === undefined) return { inbox: defaultInboxSettings, clients: [] };

  const settingValues: Record<string, unknown> = {};
  const clientBlocks = new Map<string, unknown>();
  for (const [key, value] of Object.entries(settings)) {
    if (settingKeys.includes(key)) settingValues[key] = value;
    // Any other key holding a mapping is a client, as in the seed; an empty block is a client still to fill in.
    else if (isMapping(value) || value === null) clientBlocks.set(key, value);
    else
      problems.warn(`${settingsPath}.${key}`, 'unknown key (not a setting, and not a client block); ignored');
  }
  for (const key of clientBlocks.keys()) {
    if (isPlaceholder(key)) {
      problems.warn(
        `${settingsPath}.${key}`,
        'the client name is still the placeholder from the example; replace it',
      );
    }
  }
  return {
    inbox: readInboxSettings(settingValues, context.cwd, problems),
    clients: resolveClients(clientBlocks, secretBlocks, context, problems),
  };
}

function readPackageSection(section: Record<string, unknown>, problems: Problems) {
  const config = section['config'];
  if (config === undefined || config === null) {
    problems.error(
      'config',
      `missing: the application needs config.${packageKey} (see the Standard config example)`,
    );
    return undefined;
  }
  if (!isMapping(config)) {
    problems.error('config', `must be a mapping holding ${packageKey}`);
    return undefined;
  }
  warnUnknownKeys(problems, 'config', config, [packageKey]);
  const settings = config[packageKey];
  if (settings === undefined) {
    problems.error(
      settingsPath,
      'missing: add it, with one block per client (see the Standard config example)',
    );
    return undefined;
  }
  if (settings === null) return {};
  if (!isMapping(settings)) {
    problems.error(settingsPath, 'must be a mapping of settings and client blocks');
    return undefined;
  }
  return settings;
}

function readSecretBlocks(section: Record<string, unknown>, problems: Problems): Record<string, unknown> {
  const secrets = section['secrets'];
  if (secrets === undefined || secrets === null) return {};
  if (!isMapping(secrets)) {
    problems.error('secrets', `must be a mapping holding ${packageKey}`);
    return {};
  }
  warnUnknownKeys(problems, 'secrets', secrets, [packageKey]);
  const blocks = secrets[packageKey];
  if (blocks === undefined || blocks === null) return {};
  if (!isMapping(blocks)) {
    problems.error(`secrets.${packageKey}`, 'must be a mapping with one block per client');
    return {};
  }
  return blocks;
}

function readInboxSettings(values: Record<string, unknown>, cwd: string, problems: Problems): InboxSettings {
  warnUnknownKeys(problems, `${settingsPath}.recovery`, values['recovery'], ['path_to_verify_cert']);
  const parsed = inboxSettingsSchema.safeParse(values);
  if (!parsed.success) {
    addSchemaIssues(problems, settingsPath, parsed.error.issues);
    return defaultInboxSettings;
  }
  const pathToVerifyCert = parsed.data.recovery?.path_to_verify_cert ?? null;
  const unreadable = pathToVerifyCert === null ? undefined : findUnreadable(pathToVerifyCert, cwd);
  if (unreadable !== undefined) {
    problems.warn(
      `${settingsPath}.recovery.path_to_verify_cert`,
      `${unreadable}; recovery calls to endpoints with a self-signed certificate will fail`,
    );
  }
  return {
    recovery: { pathToVerifyCert },
    syncHistoryLength: parsed.data.sync_history_length ?? defaultInboxSettings.syncHistoryLength,
    customSelect: parsed.data.custom_select ?? [],
  };
}
