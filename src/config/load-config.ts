import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ConfigInvalid } from '../errors/index.js';
import { describeFileError } from './files.js';
import { createProblems, filePath, readEnv } from './problems.js';
import { resolveConfig, type ResolveContext } from './resolve-config.js';
import { selectApplication } from './select-application.js';
import type { ConfigSourceOptions, LoadedConfig } from './types.js';
import { readYamlDocument } from './yaml-document.js';

/** File read when neither a path nor `MS_INBOX_CONFIG` is given, relative to the working directory. */
const defaultConfigFileName = 'application_config.yaml';

/** Options of `loadConfig`: an explicit file, else `MS_INBOX_CONFIG`, else `./application_config.yaml`. */
interface LoadConfigOptions extends ConfigSourceOptions {
  configPath?: string;
}

/** Options of `parseConfigText`; `sourceName` names the text in messages. */
interface ParseConfigTextOptions extends ConfigSourceOptions {
  sourceName: string;
}

/** Reads, validates and freezes the configuration; a missing default file gives the demo configuration. */
export function loadConfig(options: LoadConfigOptions = {}): LoadedConfig {
  const context = contextOf(options);
  const explicitPath = options.configPath ?? readEnv(context.env, 'MS_INBOX_CONFIG');
  const path = resolve(context.cwd, explicitPath ?? defaultConfigFileName);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (explicitPath === undefined && code === 'ENOENT') {
      const problems = createProblems();
      problems.warn(
        filePath,
        `${path} does not exist: no application and no clients are configured (demo mode)`,
      );
      return resolveConfig(
        { application: null, server: undefined },
        { name: path, path: null },
        context,
        problems,
      );
    }
    throw ConfigInvalid.create({
      source: path,
      problems: [{ path: filePath, message: `cannot read ${path}: ${describeFileError(error)}` }],
    });
  }
  return resolveText(text, { name: path, path }, context);
}

/** Validates configuration text (the content of an application_config.yaml) and freezes the result. */
export function parseConfigText(text: string, options: ParseConfigTextOptions): LoadedConfig {
  return resolveText(text, { name: options.sourceName, path: null }, contextOf(options));
}

/** Turns the global `--config` / `--app` options of the command line into `loadConfig` options. */
export function configSourceFromCli(opts: { config?: string; app?: string }): LoadConfigOptions {
  return {
    ...(opts.config === undefined || opts.config === '' ? {} : { configPath: opts.config }),
    ...(opts.app === undefined || opts.app === '' ? {} : { app: opts.app }),
  };
}

function resolveText(text: string, source: { name: string; path: string | null }, context: ResolveContext) {
  const problems = createProblems();
  const document = readYamlDocument(text, problems);
  const sections =
    document === undefined
      ? { application: null, server: undefined }
      : selectApplication(document.data, context.app, problems);
  return resolveConfig(sections, source, context, problems);
}

function contextOf(options: ConfigSourceOptions): ResolveContext {
  const env = options.env ?? process.env;
  return {
    app: options.app ?? readEnv(env, 'MS_INBOX_APP'),
    env,
    cwd: options.cwd ?? process.cwd(),
    now: options.now ?? new Date(),
  };
}
