import { Command } from 'commander';
import { registerCommands } from './commands/index.js';

/** Builds the `ms-inbox` command line; `main.ts` parses argv with it. */
export function createProgram(): Command {
  const program = new Command('ms-inbox')
    .description('Turns mail arriving in Microsoft 365 Inboxes into helpdesk tickets or handler calls.')
    .option(
      '--config <file>',
      'application_config.yaml to read (default: $MS_INBOX_CONFIG or ./application_config.yaml)',
    )
    .option('--app <name>', 'application to use when the file holds several')
    .showHelpAfterError();
  registerCommands(program);
  return program;
}
