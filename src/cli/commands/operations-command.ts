import type { Command } from 'commander';
import { Option } from 'commander';
import { SingleBar, Presets } from 'cli-progress';
import { withCliContext } from '../cli-context.js';

/** Shows a task's progress: a bar on a terminal, plain lines otherwise (logs, CI). */
function createProgress(label: string) {
  if (process.stderr.isTTY) {
    const bar = new SingleBar(
      { format: `${label} [{bar}] {value}/{total} {failedText}`, stream: process.stderr },
      Presets.shades_classic,
    );
    let started = false;
    return {
      update(done: number, total: number, failed: number) {
        if (!started) {
          bar.start(total, done, { failedText: '' });
          started = true;
        }
        bar.setTotal(total);
        bar.update(done, { failedText: failed ? `(${failed} failed)` : '' });
      },
      stop: () => started && bar.stop(),
    };
  }
  let last = '';
  return {
    update(done: number, total: number, failed: number) {
      const text = `${label}: ${done}/${total}${failed ? ` (${failed} failed)` : ''}`;
      if (text !== last) process.stderr.write(`${text}\n`);
      last = text;
    },
    stop: () => undefined,
  };
}

/** Adds `validate`, `sync` and `recover`: the seed's Validate button, Sync & Save, and the recovery panel. */
export function registerOperationsCommands(program: Command): void {
  program
    .command('validate')
    .argument('[client]', 'client to validate (default: all)')
    .description('sign in, check permissions and probe every mailbox; exits 1 when something is wrong')
    .option('--json', 'print JSON')
    .action(async (client: string | undefined, flags: { json?: boolean }, command: Command) =>
      withCliContext(command, async ({ inbox, config }) => {
        const names = client ? [client] : config.clients.map((c) => c.name);
        if (names.length === 0)
          process.stderr.write('no clients are configured in application_config.yaml\n');
        let ok = names.length > 0;
        for (const name of names) {
          const result = await inbox.clients.validate(name);
          ok &&= result.ok;
          if (flags.json) {
            process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
            continue;
          }
          process.stdout.write(`client ${name}: ${result.ok ? 'OK' : 'PROBLEMS'}\n`);
          for (const check of result.checks) {
            const mark = check.severity === 'ok' ? 'ok  ' : check.severity === 'warning' ? 'warn' : 'FAIL';
            process.stdout.write(`  ${mark} ${check.name}: ${check.message}\n`);
            if (check.hint) process.stdout.write(`       hint: ${check.hint}\n`);
          }
        }
        if (!ok) process.exitCode = 1;
      }),
    );

  program
    .command('sync')
    .description('Sync & Save: create, renew or recreate the subscriptions of every resource of a client')
    .option('--client <name>', 'only this client')
    .action(async (flags: { client?: string }, command: Command) =>
      withCliContext(command, async ({ inbox }) => {
        const runs = await inbox.syncAndSave.run({ clientName: flags.client, trigger: 'manual' });
        let failed = 0;
        for (const run of runs) {
          process.stdout.write(`client ${run.clientName}:\n`);
          for (const outcome of run.outcomes) {
            if (outcome.outcome === 'failed') failed += 1;
            process.stdout.write(
              `  ${outcome.outcome.padEnd(9)} ${outcome.email}${outcome.error ? ` — ${outcome.error}` : ''}\n`,
            );
          }
        }
        if (failed > 0) process.exitCode = 1;
      }),
    );

  program
    .command('recover')
    .description(
      'replay Failed or Unprocessed mails from a date through the recovery target, showing progress',
    )
    .addOption(
      new Option('--type <type>', 'which mails').choices(['failed', 'unprocessed']).makeOptionMandatory(),
    )
    .requiredOption('--since <date>', 'from this date (ISO-8601, e.g. 2026-11-20)')
    .option('--resource <id>', 'only this resource')
    .action(
      async (flags: { type: 'failed' | 'unprocessed'; since: string; resource?: string }, command: Command) =>
        withCliContext(command, async ({ inbox }) => {
          const task = await inbox.recovery.start({
            type: flags.type,
            since: flags.since,
            resourceId: flags.resource ?? null,
          });
          const progress = createProgress(`recovering ${flags.type} mail`);
          const timer = setInterval(() => {
            void inbox.recovery
              .get(task.id)
              .then((t) => progress.update(t.done + t.failed, t.total, t.failed));
          }, 250);
          try {
            await inbox.recovery.run(task.id);
          } finally {
            clearInterval(timer);
          }
          const done = await inbox.recovery.get(task.id);
          progress.update(done.done + done.failed, done.total, done.failed);
          progress.stop();
          process.stdout.write(
            `recovered ${done.done} of ${done.total} mail(s); ${done.failed} failed (task ${done.id})\n`,
          );
          if (done.failed > 0) process.exitCode = 1;
        }),
    );
}
