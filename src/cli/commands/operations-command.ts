import type { Command } from 'commander';
import { Option } from 'commander';
import { SingleBar, Presets } from 'cli-progress';
import type { Inbox } from '../../inbox/index.js';
import { createJobWorker } from '../../jobs/index.js';
import { systemClock } from '../../shared/index.js';
import type { Store } from '../../store/index.js';
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

/**
 * Runs a recovery task's job here by claiming that very job through the queue, as any worker would: when a running
 * service claimed it first, waits for it (and takes the job over should that service die), so the task runs in
 * exactly one place. Ends when the task is done, or with the error of the job once it is dead.
 */
async function runTaskJob(inbox: Inbox, store: Store, jobId: string, taskId: string) {
  const worker = createJobWorker({
    store,
    queue: inbox.deps.queue,
    handlers: inbox.jobHandlers,
    clock: systemClock,
    log: inbox.deps.log,
  });
  let toldWaiting = false;
  for (;;) {
    const ranHere = await worker.runJob(jobId);
    const task = await inbox.recovery.get(taskId);
    if (task.status === 'done' || task.status === 'failed') return { deadError: null };
    const job = await inbox.deps.queue.getJob(jobId);
    if (job === undefined) {
      // The job may have finished between the two reads: the task says whether it got done.
      const settled = (await inbox.recovery.get(taskId)).status;
      return { deadError: settled === 'done' ? null : 'its job ended before the task was done' };
    }
    if (job.status === 'dead') return { deadError: job.lastError?.message ?? 'its job is dead' };
    if (!ranHere && !toldWaiting && job.status === 'running') {
      process.stderr.write(`a running ms-inbox service took task ${taskId}; waiting for it\n`);
      toldWaiting = true;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
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
        withCliContext(command, async ({ inbox, store }) => {
          const { task, jobId } = await inbox.recovery.queueTask({
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
          let outcome: Awaited<ReturnType<typeof runTaskJob>>;
          try {
            outcome = await runTaskJob(inbox, store, jobId, task.id);
          } finally {
            clearInterval(timer);
          }
          if (outcome.deadError !== null) {
            progress.stop();
            process.stderr.write(`error: recovery task ${task.id} failed: ${outcome.deadError}\n`);
            process.exitCode = 1;
            return;
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
