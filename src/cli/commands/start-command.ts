import { Option, type Command } from 'commander';
import { createLogger, systemClock, type Logger } from '../../shared/index.js';
import { startDemo } from '../demo/demo-mode.js';
import { loadConfigForCommand } from '../load-cli-config.js';
import { startService, type ServiceRole } from '../service.js';

function stopOnSignals(log: Logger, stop: () => Promise<void>): void {
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'stopping');
    stop().then(
      () => process.exit(0),
      (error: unknown) => {
        log.error({ err: error }, 'stop failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
}

/** Adds `ms-inbox start`: the service, or the demo against the built-in simulator when no client is configured. */
export function registerStartCommand(program: Command): void {
  program
    .command('start')
    .description(
      'run ms-inbox: HTTP server, job workers and scheduler; without clients (or with --simulator) a demo tenant',
    )
    .addOption(
      new Option('--role <role>', 'which parts this process runs')
        .choices(['all', 'web', 'worker'])
        .default('all'),
    )
    .option('--host <host>', 'interface to listen on', '0.0.0.0')
    .option(
      '--simulator',
      'run the demo against the built-in Graph simulator even when clients are configured',
    )
    .action(async (options: { role: ServiceRole; host: string; simulator?: boolean }, command: Command) => {
      const loaded = loadConfigForCommand(command);
      if (!loaded) return;
      const { config } = loaded;
      const log = createLogger({ level: config.server.logLevel });
      if (options.simulator || config.clients.length === 0) {
        const demo = await startDemo({
          config,
          log,
          clock: systemClock,
          port: config.server.port,
          host: options.host,
        });
        const url = demo.service.url ?? '';
        process.stdout.write(
          [
            '',
            'ms-inbox demo is running against the built-in Microsoft Graph simulator (no Microsoft account needed).',
            `  admin UI:     ${url}/admin/   sign in as ${demo.login.username} / ${demo.login.password}`,
            `  admin API:    ${url}/api   (Authorization: Bearer <admin token>)`,
            demo.adminToken
              ? `  admin token:  ${demo.adminToken}   (generated for this run; set MS_INBOX_ADMIN_TOKEN to choose one)`
              : '  admin token:  the one you configured (MS_INBOX_ADMIN_TOKEN / server.admin_token)',
            `  simulator:    ${demo.simulator.url ?? ''}/_sim/info`,
            '  mailboxes:    support@ and sales@contoso-demo.onmicrosoft.com receive a trickle of demo mail.',
            'Configure a client in application_config.yaml to connect a real tenant (docs/getting-started.md).',
            '',
          ].join('\n'),
        );
        stopOnSignals(log, () => demo.stop());
        return;
      }
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
      stopOnSignals(log, () => service.stop());
    });
}
