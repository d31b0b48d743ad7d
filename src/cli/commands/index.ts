import type { Command } from 'commander';

/** Adds every sub-command; one file per command group. */
export function registerCommands(program: Command): void {
  void program;
}
