import { Option, type Command } from 'commander';
import { createLogger, systemClock } from '../../shared/index.js';
import { loadConfigForCommand } from '../load-cli-config.js';
import { startService, type ServiceRole } from '../service.js';

/** Adds `ms-inbox start`, which runs the service until SIGINT or SIGTERM. */
export function registerStartCommand(program: Command): void {
  program
    .command('start')
    .description(
      'run ms-inbox: HTTP server, job workers and scheduler (embedded SQLite unless DATABASE_URL is set)',
    )
    .addOption(
      new Option('--role <role>', 'which parts this process runs')
        .choices(['all', 'web', 'worker'])
        .default('all'),
    )
    .option('--host <host>', 'interface to listen on', '0.0.0.0')
    .action(async (options: { role: ServiceRole; host: string }, command: Command) => {
      const loaded = loadConfigForCommand(command);
      if (!loaded) return;
      const { config } = loaded;
      const log = createLogger({ level: config.server.logLevel });
      const service = await startService({
        config,
        log,
        clock: systemClock,
        role: options.role,
        host: options.host,
      });
      log.info(
        {
          url: service.url,
          role: options.role,
          database: service.store.location,
          clients: config.clients.length,
        },
        'ms-inbox started',
      );
      if (service.url)
        process.stdout.write(`ms-inbox is running at ${service.url} (health: ${service.url}/healthz)\n`);
      let stopping = false;
      const shutdown = (signal: string) => {
        if (stopping) return;
        stopping = true;
        log.info({ signal }, 'stopping');
        service.stop().then(
          () => process.exit(0),
          (error: unknown) => {
            log.error({ err: error }, 'stop failed');
            process.exit(1);
          },
        );
      };
      process.once('SIGINT', () => shutdown('SIGINT'));
      process.once('SIGTERM', () => shutdown('SIGTERM'));
    });
}
