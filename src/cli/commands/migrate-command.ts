import type { Command } from 'commander';
import { createLogger } from '../../shared/index.js';
import { getMigrationState, migrateToLatest, openStore } from '../../store/index.js';
import { loadConfigForCommand } from '../load-cli-config.js';

/** Adds `ms-inbox migrate [--status]`, which brings the database schema up to date (start does it too). */
export function registerMigrateCommand(program: Command): void {
  program
    .command('migrate')
    .description('apply pending database migrations (also done by start)')
    .option('--status', 'only list applied and pending migrations')
    .action(async (options: { status?: boolean }, command: Command) => {
      const loaded = loadConfigForCommand(command);
      if (!loaded) return;
      const { server } = loaded.config;
      const log = createLogger({ level: server.logLevel === 'info' ? 'warn' : server.logLevel });
      const store = await openStore({ databaseUrl: server.databaseUrl, dataDir: server.dataDir, log });
      try {
        if (options.status) {
          const state = await getMigrationState(store);
          process.stdout.write(`database: ${store.location}\n`);
          for (const name of state.applied) process.stdout.write(`applied  ${name}\n`);
          for (const name of state.pending) process.stdout.write(`pending  ${name}\n`);
          return;
        }
        const applied = await migrateToLatest(store);
        process.stdout.write(
          applied.length === 0
            ? `database ${store.location} is up to date\n`
            : `applied ${applied.length} migration(s) to ${store.location}: ${applied.join(', ')}\n`,
        );
      } finally {
        await store.close();
      }
    });
}
