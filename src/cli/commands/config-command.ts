import type { Command } from 'commander';
import { formatResolvedConfig } from '../../config/index.js';
import { loadConfigForCommand } from '../load-cli-config.js';

/** Adds `ms-inbox config check [FILE]`, which validates the configuration and prints it with secrets masked. */
export function registerConfigCommand(program: Command): void {
  const config = program.command('config').description('inspect the configuration');
  config
    .command('check')
    .argument('[file]', 'application_config.yaml to check (overrides --config)')
    .description(
      'validate the configuration and print it resolved, secrets masked; exits with 2 when invalid',
    )
    .action((file: string | undefined, _options: unknown, command: Command) => {
      const loaded = loadConfigForCommand(command, file);
      if (loaded) process.stdout.write(formatResolvedConfig(loaded.config));
    });
}
