import { demoTenant } from '../src/simulator/index.js';
import { customerMail } from '../test/support/mail/mail-stream.js';
import { supportAddress } from '../test/support/pipeline/pipeline-harness.js';
import type { ServiceProcess } from '../test/support/processes/service-processes.js';
import { countTickets } from '../test/support/processes/ticket-handler.js';
import { waitFor } from '../test/support/wait-for.js';
import { round, startBenchCluster, type BenchCluster, type BenchOptions } from './bench-env.js';
import { addGraphLatency, graphLimits, graphLimitSettings } from './graph-limits.js';

/** `--quick` drains 400 mails per mailbox instead of 2,000 (about 800 Graph operations each, 20 s at the budget). */
export const quickMailsPerMailbox = 400;

/** How ms-inbox runs for one P6 measurement. */
export type DrainTopology = 'sqlite' | 'pg-2-instances';

/** P6 figures of one topology. */
export interface DrainResult {
  topology: DrainTopology;
  mailboxes: number;
  mailsPerMailbox: number;
  /** Graph operations on the mailboxes (every request inside a `$batch` counts, the batch itself does not). */
  operations: number;
  /** First to last Graph request on the mailboxes after the service started. */
  drainS: number;
  mailsPerS: number;
  /** Graph operations per second per mailbox, averaged over the mailboxes. */
  achievedPerMailboxPerS: number;
  /** 4 ÷ mean latency: what four requests in flight all the time would reach. */
  concurrencyBoundPerS: number;
  /** What the 10,000-per-10-minutes window allows over `drainS` (10,000 × ⌈drainS / 600⌉ ÷ drainS). */
  windowBoundPerS: number;
  /** The smaller bound: the fastest a mailbox can drain under Graph's limits. */
  budgetPerMailboxPerS: number;
  budgetUse: number;
  /** The same against the sustained 16.7/s of the window alone (what a drain longer than 10 minutes could reach). */
  sustainedWindowUse: number;
  /** The slowest and the fastest mailbox, each over its own first to last request. */
  budgetUseByMailbox: { min: number; max: number };
  /** 429 answers in the simulator's request log (inside batches too). */
  throttled: number;
  /** Mean time a Graph operation held its slot in the simulator (latency plus the simulator's own work). */
  measuredOperationMs: number;
  /** Mean Graph requests in flight per mailbox over the drain (at most 4; 4 × budgetUse when latency is exact). */
  meanInFlightPerMailbox: number;
  /** Mean number of mailboxes with a request started in each second of the drain (of `mailboxes`). */
  meanMailboxesBusy: number;
  /** Mean requests per `$batch`. */
  meanBatchItems: number;
  /** Service start → its first Graph request (not part of `drainS`). */
  startS: number;
  byOperation: Record<string, number>;
}

async function startTopology(cluster: BenchCluster, topology: DrainTopology): Promise<ServiceProcess[]> {
  // The product's worker defaults; `P6_WORKER_CONCURRENCY=n` tries another number of job slots per process.
  const slots = process.env.P6_WORKER_CONCURRENCY;
  const worker = slots ? { concurrency: Number(slots) } : {};
  if (topology === 'sqlite') return [await cluster.startService({ instance: 'p6-sqlite', worker })];
  // Two full instances on one PostgreSQL, as a scaled-out deployment runs; Graph's limits are shared by both.
  return Promise.all([
    cluster.startService({ instance: 'p6-pg-a', worker }),
    cluster.startService({ instance: 'p6-pg-b', port: 0, worker }),
  ]);
}

/**
 * The backlog after an outage: every mailbox holds mail whose notifications were lost while ms-inbox was down.
 * The service starts, its reconciliation at start finds the mail through delta, and the run ends when every mail
 * is processed and disposed; the simulator enforces Graph's per-mailbox limits with 50–150 ms per request.
 */
export async function runDrain(topology: DrainTopology, options: BenchOptions): Promise<DrainResult> {
  const cluster = await startBenchCluster(topology === 'sqlite' ? 'sqlite' : 'postgres', options, {
    settings: graphLimitSettings,
  });
  try {
    const mailboxes = [
      supportAddress,
      ...Array.from({ length: 9 }, (_, i) => `backlog${i}@${demoTenant.domain}`),
    ];
    for (const address of mailboxes.slice(1))
      cluster.sim.control.addMailbox(demoTenant.tenantId, { address });
    const setup = await cluster.startService({ instance: `p6-${topology}-setup` });
    for (const address of mailboxes) await cluster.addResource(cluster.publicUrl, address);
    await setup.stop();

    // The outage: mail arrives, its notifications are lost.
    const perMailbox = options.quick ? quickMailsPerMailbox : 2_000;
    cluster.sim.control.addFault({ id: 'outage', kind: 'dropNotification' });
    for (let i = 0; i < perMailbox; i += 20) {
      await Promise.all(
        mailboxes.flatMap((address) =>
          Array.from({ length: Math.min(20, perMailbox - i) }, (_, k) =>
            cluster.sim.control.deliver(address, customerMail(`Backlog ${address} ${i + k}`)),
          ),
        ),
      );
    }
    if (cluster.sim.control.pendingNotifications() !== 0) throw new Error('notifications escaped the outage');
    cluster.sim.control.removeFault('outage');
    addGraphLatency(cluster.sim);
    cluster.sim.control.clearRequestLog();

    const started = Date.now();
    const processes = await startTopology(cluster, topology);
    const total = perMailbox * mailboxes.length;
    await waitFor(
      'the backlog to be processed and disposed',
      async () =>
        mailboxes.every((address) => cluster.sim.control.listMessages(address, 'inbox').length === 0) &&
        (await countTickets(cluster.store.db)) >= total,
      { timeoutMs: 1_800_000, intervalMs: 250 },
    );
    await Promise.all(processes.map((p) => p.stop()));
    const tickets = await countTickets(cluster.store.db);
    if (tickets !== total) throw new Error(`${tickets} tickets for ${total} mails`);
    return measure(cluster, topology, mailboxes, perMailbox, started);
  } finally {
    await cluster.dispose();
  }
}

function measure(
  cluster: BenchCluster,
  topology: DrainTopology,
  mailboxes: string[],
  perMailbox: number,
  startedMs: number,
): DrainResult {
  const wanted = new Set(mailboxes.map((m) => m.toLowerCase()));
  const graph = cluster.sim.control.requestLog({ kind: 'graph' });
  const operations = graph.filter(
    (e) => e.operation !== 'batch' && e.mailbox !== undefined && wanted.has(e.mailbox.toLowerCase()),
  );
  const span = (entries: typeof operations) => ({
    first: entries.reduce((min, e) => Math.min(min, Date.parse(e.startedAt)), Infinity),
    last: entries.reduce((max, e) => Math.max(max, Date.parse(e.finishedAt)), -Infinity),
  });
  const all = span(operations);
  const drainS = (all.last - all.first) / 1000;
  const meanLatencyS = (graphLimits.latencyMinMs + graphLimits.latencyMaxMs) / 2 / 1000;
  const concurrencyBound = graphLimits.concurrentPerMailbox / meanLatencyS;
  const windowS = graphLimits.windowMs / 1000;
  const windowBound = (graphLimits.requestsPerWindow * Math.ceil(drainS / windowS)) / drainS;
  const budget = Math.min(concurrencyBound, windowBound);
  const achieved = operations.length / mailboxes.length / drainS;
  const byMailbox = mailboxes.map((address) => {
    const own = operations.filter((e) => e.mailbox?.toLowerCase() === address.toLowerCase());
    const { first, last } = span(own);
    return own.length / ((last - first) / 1000) / budget;
  });
  const busy = new Map<number, Set<string>>();
  for (const e of operations) {
    const second = Math.floor((Date.parse(e.startedAt) - all.first) / 1000);
    busy.set(second, (busy.get(second) ?? new Set()).add(e.mailbox?.toLowerCase() ?? ''));
  }
  const seconds = Math.max(1, Math.ceil(drainS));
  const busySum = [...busy.values()].reduce((sum, set) => sum + set.size, 0);
  const batches = graph.filter((e) => e.operation === 'batch' && e.batchItemCount !== undefined);
  const byOperation: Record<string, number> = {};
  for (const e of operations) byOperation[e.operation] = (byOperation[e.operation] ?? 0) + 1;
  return {
    topology,
    mailboxes: mailboxes.length,
    mailsPerMailbox: perMailbox,
    operations: operations.length,
    drainS: round(drainS),
    mailsPerS: round((perMailbox * mailboxes.length) / drainS),
    achievedPerMailboxPerS: round(achieved),
    concurrencyBoundPerS: round(concurrencyBound),
    windowBoundPerS: round(windowBound),
    budgetPerMailboxPerS: round(budget),
    budgetUse: round(achieved / budget, 2),
    sustainedWindowUse: round(achieved / (graphLimits.requestsPerWindow / windowS), 2),
    budgetUseByMailbox: { min: round(Math.min(...byMailbox), 2), max: round(Math.max(...byMailbox), 2) },
    throttled: graph.filter((e) => e.status === 429).length,
    measuredOperationMs: round(operations.reduce((sum, e) => sum + e.durationMs, 0) / operations.length),
    meanInFlightPerMailbox: round(
      operations.reduce((sum, e) => sum + e.durationMs, 0) / 1000 / drainS / mailboxes.length,
      2,
    ),
    meanMailboxesBusy: round(busySum / seconds),
    meanBatchItems: round(batches.reduce((sum, e) => sum + (e.batchItemCount ?? 0), 0) / batches.length),
    startS: round((all.first - startedMs) / 1000),
    byOperation,
  };
}
