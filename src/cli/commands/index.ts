import type { Command } from 'commander';
import { registerConfigCommand } from './config-command.js';
import { registerMigrateCommand } from './migrate-command.js';
import { registerOperationsCommands } from './operations-command.js';
import { registerResourcesCommand } from './resources-command.js';
import { registerStartCommand } from './start-command.js';
import { registerSimulatorCommand } from './simulator-command.js';
import { registerUsersCommand } from './users-command.js';

/** Adds every sub-command; one file per command group. */
export function registerCommands(program: Command): void {
  registerStartCommand(program);
  registerMigrateCommand(program);
  registerResourcesCommand(program);
  registerOperationsCommands(program);
  registerConfigCommand(program);
  registerSimulatorCommand(program);
  registerUsersCommand(program);
}
