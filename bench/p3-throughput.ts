import { demoTenant } from '../src/simulator/index.js';
import { customerMail } from '../test/support/mail/mail-stream.js';
import { supportAddress } from '../test/support/pipeline/pipeline-harness.js';
import type { ServiceProcess } from '../test/support/processes/service-processes.js';
import { readTickets } from '../test/support/processes/ticket-handler.js';
import { waitFor } from '../test/support/wait-for.js';
import {
  graphCost,
  percentile,
  round,
  startBenchCluster,
  type BenchCluster,
  type BenchOptions,
} from './bench-env.js';
import { addGraphLatency, graphLimitSettings, sqlCounts, sqlPerMail } from './graph-limits.js';

/** How ms-inbox runs for one P3 measurement. */
export type Topology = 'sqlite' | 'pg-1-worker' | 'pg-2-workers';

/** P3 figures of one topology. */
export interface ThroughputResult {
  topology: Topology;
  mails: number;
  /** Tickets per second between the 10th and the 90th percentile of commits: the sustained rate. */
  mailsPerS: number;
  /** All mails over the time from the first delivery to the last ticket. */
  endToEndMailsPerS: number;
  /** How fast the simulator took the mails in; the sustained rate is only meaningful below it. */
  deliveredPerS: number;
  peakRssMb: number;
  graph: ReturnType<typeof graphCost>;
  /** SQL of every ms-inbox process of the topology over the run, per mail (intake, processing, disposal). */
  sqlPerMail: ReturnType<typeof sqlPerMail>;
  mailboxes: number;
  graphLatency: boolean;
}

/** What else shapes a P3 run. */
export interface ThroughputVariant {
  /** Inboxes the flood is spread over (default `MAILBOXES`, else 1). */
  mailboxes?: number;
  /** Graph's latency (50–150 ms per request) and both per-mailbox limits enforced by the simulator. */
  graphLatency?: boolean;
  /** Mails in the flood (default 10,000; 2,000 with `--quick`). */
  mails?: number;
}

async function startTopology(cluster: BenchCluster, topology: Topology): Promise<ServiceProcess[]> {
  if (topology === 'sqlite')
    return [await cluster.startService({ instance: 'p3-sqlite', countSqlStatements: true })];
  // One edge process takes Graph's notifications; the workers do the rest (`--role web` / `--role worker`).
  const web = await cluster.startService({
    instance: `p3-${topology}-web`,
    role: 'web',
    countSqlStatements: true,
  });
  const count = topology === 'pg-1-worker' ? 1 : 2;
  const workers = await Promise.all(
    Array.from({ length: count }, (_, i) =>
      cluster.startService({
        instance: `p3-${topology}-worker-${i}`,
        role: 'worker',
        port: 0,
        countSqlStatements: true,
      }),
    ),
  );
  return [web, ...workers];
}

/**
 * Floods the Inbox with a backlog of mail (delivered as fast as the simulator takes it) and measures the rate at
 * which tickets are committed once the pipeline is saturated.
 */
export async function runThroughput(
  topology: Topology,
  options: BenchOptions,
  variant: ThroughputVariant = {},
): Promise<ThroughputResult> {
  const graphLatency = variant.graphLatency ?? false;
  const cluster = await startBenchCluster(
    topology === 'sqlite' ? 'sqlite' : 'postgres',
    options,
    graphLatency ? { settings: graphLimitSettings } : {},
  );
  try {
    // One Inbox, the hardest case: Graph allows four concurrent requests per mailbox, so all of the flood shares
    // them (`$batch` carries 20 operations per request). `MAILBOXES=n` spreads it over n Inboxes instead.
    const mailboxCount = variant.mailboxes ?? Number(process.env.MAILBOXES ?? 1);
    const mailboxes = [
      supportAddress,
      ...Array.from({ length: mailboxCount - 1 }, (_, i) => `queue${i}@${demoTenant.domain}`),
    ];
    for (const address of mailboxes.slice(1))
      cluster.sim.control.addMailbox(demoTenant.tenantId, { address });
    // Resources are added through a process with workers (subscriptions are created by jobs).
    const setup = await cluster.startService({ instance: `p3-${topology}-setup` });
    for (const address of mailboxes) await cluster.addResource(cluster.publicUrl, address);
    await setup.stop();
    if (graphLatency) addGraphLatency(cluster.sim);
    const processes = await startTopology(cluster, topology);
    await Promise.all(processes.map((p) => p.resetPeak()));
    cluster.sim.control.clearRequestLog();
    const sqlBefore = await sqlCounts(processes);

    const count = variant.mails ?? (options.quick ? 2_000 : 10_000);
    const started = Date.now();
    for (let i = 0; i < count; i += 100) {
      await Promise.all(
        Array.from({ length: Math.min(100, count - i) }, (_, k) =>
          cluster.sim.control.deliver(
            mailboxes[(i + k) % mailboxes.length] ?? '',
            customerMail(`Flood ${i + k}`),
          ),
        ),
      );
    }
    const deliveredMs = Date.now() - started;
    await waitFor(
      'every mail to be processed and disposed',
      () => mailboxes.every((address) => cluster.sim.control.listMessages(address, 'inbox').length === 0),
      { timeoutMs: 1_200_000, intervalMs: 250 },
    );
    const peakRss = Math.max(
      ...(await Promise.all(processes.map(async (p) => (await p.stats()).peakRssBytes))),
    );
    const sqlAfter = await sqlCounts(processes);
    await Promise.all(processes.map((p) => p.stop()));

    const commits = (await readTickets(cluster.store.db)).map((t) => t.committedMs).sort((a, b) => a - b);
    if (commits.length !== count) throw new Error(`${commits.length} tickets for ${count} mails`);
    const from = percentile(commits, 10);
    const to = percentile(commits, 90);
    return {
      topology,
      mails: count,
      mailsPerS: round((0.8 * count) / ((to - from) / 1000)),
      endToEndMailsPerS: round(count / (((commits[commits.length - 1] ?? 0) - started) / 1000)),
      deliveredPerS: round(count / (deliveredMs / 1000)),
      peakRssMb: round(peakRss / 2 ** 20),
      graph: graphCost(cluster, count),
      sqlPerMail: sqlPerMail(sqlBefore, sqlAfter, count),
      mailboxes: mailboxes.length,
      graphLatency,
    };
  } finally {
    await cluster.dispose();
  }
}
