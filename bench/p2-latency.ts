import { deliverStream } from '../test/support/mail/mail-stream.js';
import { supportAddress } from '../test/support/pipeline/pipeline-harness.js';
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

/** P2 latency figures of one database, with the Graph cost (P4) of the same mails. */
export interface LatencyResult {
  database: 'sqlite' | 'postgres';
  mails: number;
  perSecond: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
  graph: ReturnType<typeof graphCost>;
  /** p50/p99 of each leg: delivery → intake commit, → handling starts (queue), → ticket committed. */
  phasesMs: Record<'toIntake' | 'queued' | 'handled', { p50: number; p99: number }>;
}

/** Splits each mail's latency by the ledger's own timestamps (first seen, first attempt). */
async function phases(
  cluster: BenchCluster,
  subjects: string[],
  deliveredAtMs: number[],
  committed: Map<string, number>,
) {
  const rows = await cluster.store.db
    .selectFrom('messages as m')
    .innerJoin('message_events as e', 'e.message_id', 'm.id')
    .select(['m.subject', 'm.first_seen_at', 'e.at'])
    .where('e.kind', '=', 'attempt')
    .execute();
  const byMail = new Map(rows.map((r) => [r.subject ?? '', r]));
  const legs = { toIntake: [] as number[], queued: [] as number[], handled: [] as number[] };
  subjects.forEach((subject, i) => {
    const row = byMail.get(subject);
    const done = committed.get(subject);
    if (!row || done === undefined) return;
    const seen = Date.parse(row.first_seen_at);
    const started = Date.parse(row.at);
    legs.toIntake.push(seen - (deliveredAtMs[i] ?? 0));
    legs.queued.push(started - seen);
    legs.handled.push(done - started);
  });
  const summary = (values: number[]) => {
    const sorted = values.sort((a, b) => a - b);
    return { p50: round(percentile(sorted, 50)), p99: round(percentile(sorted, 99)) };
  };
  return { toIntake: summary(legs.toIntake), queued: summary(legs.queued), handled: summary(legs.handled) };
}

/**
 * Delivers mail into the simulator at a steady rate and measures, per mail, the moment of delivery to the moment
 * its ticket was written in the transaction that marks it Processed. Graph cost is read from the simulator's
 * request log over the same mails, disposal included.
 */
export async function runLatency(
  kind: 'sqlite' | 'postgres',
  options: BenchOptions,
  perSecond = 50,
): Promise<LatencyResult> {
  const cluster = await startBenchCluster(kind, options);
  try {
    const service = await cluster.startService({ instance: `p2-${kind}` });
    await cluster.addResource(cluster.publicUrl, supportAddress);
    const inboxEmpty = () => cluster.sim.control.listMessages(supportAddress, 'inbox').length === 0;

    // Warm-up: JIT, connection pools and the token cache, not measured.
    await deliverStream(cluster.sim, supportAddress, { count: 100, perSecond, prefix: 'Warm-up' });
    await waitFor('the warm-up mails to be disposed', inboxEmpty, { timeoutMs: 120_000, intervalMs: 100 });
    cluster.sim.control.clearRequestLog();

    const count = perSecond * (options.quick ? 8 : 30);
    const { subjects, deliveredAtMs } = await deliverStream(cluster.sim, supportAddress, {
      count,
      perSecond,
      prefix: 'Latency',
    });
    await waitFor('every mail to be processed and disposed', inboxEmpty, {
      timeoutMs: 300_000,
      intervalMs: 100,
    });
    await service.stop();
    const committed = new Map((await readTickets(cluster.store.db)).map((t) => [t.subject, t.committedMs]));
    const latencies = subjects
      .map((subject, i) => (committed.get(subject) ?? Number.NaN) - (deliveredAtMs[i] ?? 0))
      .sort((a, b) => a - b);
    if (latencies.some((ms) => Number.isNaN(ms))) throw new Error('a mail has no ticket');
    return {
      database: kind,
      mails: count,
      perSecond,
      p50Ms: round(percentile(latencies, 50)),
      p95Ms: round(percentile(latencies, 95)),
      p99Ms: round(percentile(latencies, 99)),
      maxMs: round(latencies[latencies.length - 1] ?? Number.NaN),
      graph: graphCost(cluster, count),
      phasesMs: await phases(cluster, subjects, deliveredAtMs, committed),
    };
  } finally {
    await cluster.dispose();
  }
}
