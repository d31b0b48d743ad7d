import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecoveryTaskView } from '../../src/inbox/index.js';
import type { Store } from '../../src/store/index.js';
import { runCli as runCommand } from '../support/processes/cli-process.js';
import { supportAddress } from '../support/pipeline/pipeline-harness.js';
import { adminCall, startCluster, type ServiceCluster } from '../support/processes/service-cluster.js';
import { testDatabases } from '../support/test-databases.js';
import { waitFor } from '../support/wait-for.js';
import { demoClientYaml } from '../support/demo-config.js';

const handlerSecret = 'recovery-cli-signing-secret-0123456789';
const rounds = 5;
const mailsPerRound = 3;

/** Runs the compiled `ms-inbox` command beside the running service, showing what it printed to stderr. */
async function runCli(args: string[], env: Record<string, string>) {
  const result = await runCommand(args, env);
  if (result.stderr.trim()) console.info(result.stderr.trim());
  return result;
}

/** A helpdesk over http: `/reject` refuses every mail (so it fails), `/recover` takes it and counts each call. */
async function startReceiver(): Promise<{ server: Server; url: string; calls: Map<string, number> }> {
  const calls = new Map<string, number>();
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      if (request.url === '/reject') {
        response.writeHead(400).end('not today');
        return;
      }
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { email: { subject: string } };
      calls.set(body.email.subject, (calls.get(body.email.subject) ?? 0) + 1);
      // A little work, so two runners would overlap on the same mail.
      setTimeout(() => response.writeHead(200, { 'content-type': 'application/json' }).end('{}'), 40);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, calls };
}

function writeConfig(dir: string): string {
  const path = join(dir, 'application_config.yaml');
  writeFileSync(path, demoClientYaml());
  return path;
}

for (const database of testDatabases()) {
  describe(`ms-inbox recover beside a running service on ${database.name}`, () => {
    let store: Store;
    let cluster: ServiceCluster;
    let receiver: Awaited<ReturnType<typeof startReceiver>>;

    beforeAll(async () => {
      store = await database.open();
      receiver = await startReceiver();
      cluster = await startCluster({ store, connection: database.connectionOf(store) });
    }, 60_000);
    afterAll(async () => {
      await cluster?.stop();
      await new Promise((resolve) => receiver?.server.close(resolve));
    });

    /** Subject → [status, number of `processed` events] of the mails with these subjects. */
    const ledgerOf = async (subjects: string[]): Promise<Record<string, [string, number]>> => {
      const rows = await store.db
        .selectFrom('messages as m')
        .leftJoin('message_events as e', (j) =>
          j.onRef('e.message_id', '=', 'm.id').on('e.kind', '=', 'processed'),
        )
        .select(['m.subject', 'm.status', (eb) => eb.fn.count<number | string>('e.id').as('processed')])
        .where('m.subject', 'in', subjects)
        .groupBy(['m.id', 'm.subject', 'm.status'])
        .execute();
      return Object.fromEntries(rows.map((r) => [r.subject ?? '', [r.status, Number(r.processed)]]));
    };

    it('recovers each mail exactly once, whoever runs the task, round after round', async () => {
      const targets = { webhookTarget: `${receiver.url}/reject`, recoveryTarget: `${receiver.url}/recover` };
      const service = await cluster.start({
        instance: 'recovery-service',
        externalHandlers: { secret: handlerSecret, urls: Object.values(targets) },
      });
      const resourceId = await cluster.addResource(cluster.publicUrl, supportAddress, targets);
      const connection = database.connectionOf(store);
      const env = {
        MS_INBOX_SIMULATOR_URL: cluster.simulatorUrl,
        DATA_DIR: connection.dataDir,
        ...(connection.databaseUrl ? { DATABASE_URL: connection.databaseUrl } : {}),
        MS_INBOX_HANDLER_SECRET: handlerSecret,
        // The recovery target runs on this machine.
        MS_INBOX_EGRESS_ALLOW: '127.0.0.1',
        LOG_LEVEL: 'silent',
      };
      const configFile = writeConfig(mkdtempSync(join(tmpdir(), 'ms-inbox-recover-cli-')));

      if (database.name === 'sqlite') {
        // A since in the future is refused with its code before anything is recorded (one database suffices).
        const future = await runCli(
          ['--config', configFile, 'recover', '--type', 'failed', '--since', '2999-01-01'],
          env,
        );
        expect(future.code).toBe(1);
        expect(future.stderr).toContain('since: 2999-01-01T00:00:00.000Z is in the future');
        expect(future.stderr).toContain('(MSI_INBOX_RECOVERY_INVALID)');
        expect(await store.db.selectFrom('recovery_tasks').select('id').execute()).toEqual([]);
      }
      for (let round = 1; round <= rounds; round++) {
        const since = new Date(Date.now() - 1_000).toISOString();
        const subjects = Array.from({ length: mailsPerRound }, (_, i) => `Recover round ${round} mail ${i}`);
        for (const subject of subjects) {
          await cluster.sim.control.deliver(supportAddress, {
            subject,
            from: { emailAddress: { address: 'customer@example.com' } },
          });
        }
        await waitFor(
          `round ${round}: every mail failed`,
          async () => Object.values(await ledgerOf(subjects)).filter(([s]) => s === 'failed').length === 3,
          { timeoutMs: 20_000, intervalMs: 50 },
        );
        // Every other round, an admin starts the same recovery in the service at the same moment.
        const rival =
          round % 2 === 0
            ? adminCall<RecoveryTaskView>(service.url ?? '', 'POST', '/api/recovery', {
                type: 'failed',
                since,
                resourceId,
              })
            : null;
        const cli = await runCli(
          ['--config', configFile, 'recover', '--type', 'failed', '--since', since, '--resource', resourceId],
          env,
        );
        const counted = /recovered (\d+) of (\d+) mail\(s\); (\d+) failed/.exec(cli.stdout);
        expect(counted, cli.stdout).not.toBeNull();
        const [recovered, total, failed] = (counted ?? []).slice(1).map(Number);
        expect({ round, code: cli.code, failed, total }).toEqual({
          round,
          code: 0,
          failed: 0,
          total: recovered,
        });
        let rivalDone = 0;
        if (rival) {
          const started = await rival;
          expect(started.status).toBe(202);
          await waitFor(`round ${round}: the admin's task to finish`, async () => {
            const task = await adminCall<RecoveryTaskView>(
              service.url ?? '',
              'GET',
              `/api/recovery/${started.body.id}`,
            );
            rivalDone = task.body.done;
            return task.body.status === 'done';
          });
        } else {
          expect(recovered).toBe(mailsPerRound);
        }
        expect((recovered ?? 0) + rivalDone).toBe(mailsPerRound);
        expect(await ledgerOf(subjects)).toEqual(
          Object.fromEntries(subjects.map((s) => [s, ['processed', 1]])),
        );
        expect(subjects.map((s) => receiver.calls.get(s))).toEqual(subjects.map(() => 1));
      }
      await service.stop();
    }, 120_000);
  });
}
