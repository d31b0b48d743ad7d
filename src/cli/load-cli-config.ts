import type { Command } from 'commander';
import { configSourceFromCli, loadConfig, type ConfigProblem, type LoadedConfig } from '../config/index.js';
import { ConfigInvalid } from '../errors/index.js';

/** Exit code for an invalid configuration, for every command that reads it. */
const invalidConfigExitCode = 2;

/** Prints problems as `label: path: message`, one per line, on stderr. */
function printConfigProblems(label: 'warning' | 'error', problems: readonly ConfigProblem[]): void {
  for (const problem of problems) process.stderr.write(`${label}: ${problem.path}: ${problem.message}\n`);
}

/**
 * Loads the configuration named by the global `--config`/`--app` options (or `file`); on an invalid
 * configuration prints every problem and returns null with `process.exitCode` set to 2.
 */
export function loadConfigForCommand(command: Command, file?: string): LoadedConfig | null {
  const globals = command.optsWithGlobals<{ config?: string; app?: string }>();
  try {
    const loaded = loadConfig(configSourceFromCli({ config: file ?? globals.config, app: globals.app }));
    printConfigProblems('warning', loaded.warnings);
    return loaded;
  } catch (error) {
    if (!ConfigInvalid.is(error)) throw error;
    printConfigProblems('error', error.params.problems);
    printConfigProblems('warning', error.params.warnings ?? []);
    process.exitCode = invalidConfigExitCode;
    return null;
  }
}
