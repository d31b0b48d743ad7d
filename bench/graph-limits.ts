import type { Simulator, SimulatorSettings } from '../src/simulator/index.js';
import type { ServiceProcess } from '../test/support/processes/service-processes.js';
import type { StatementCounts } from '../src/store/index.js';

/** Graph's per-mailbox limits as the benchmarks run the simulator (Outlook service limits, "Limits per mailbox"). */
export const graphLimits = {
  concurrentPerMailbox: 4,
  requestsPerWindow: 10_000,
  windowMs: 10 * 60_000,
  /** The latency of one request, drawn uniformly per request (what a busy tenant shows; ms). */
  latencyMinMs: 50,
  latencyMaxMs: 150,
} as const;

/** Simulator settings that enforce both per-mailbox limits. */
export const graphLimitSettings: Partial<SimulatorSettings> = {
  mailboxConcurrencyLimit: graphLimits.concurrentPerMailbox,
  mailboxRequestBudget: { requests: graphLimits.requestsPerWindow, windowMs: graphLimits.windowMs },
  // P6's full run logs about 45,000 requests per database; keep every one.
  requestLogLimit: 200_000,
};

/**
 * Turns Graph's latency on for every mailbox and subscription operation. `$batch` itself gets none: its time is that
 * of its items, which run at most four at a time, each holding one of the mailbox's concurrent slots meanwhile.
 */
export function addGraphLatency(sim: Simulator): void {
  for (const operation of ['message*', 'attachment*', 'mail*', 'subscription*']) {
    sim.control.addFault({
      id: `graph-latency-${operation.replace('*', '')}`,
      kind: 'latency',
      operation,
      latencyMs: graphLimits.latencyMinMs,
      latencyMaxMs: graphLimits.latencyMaxMs,
    });
  }
}

/** Sums the SQL counts of processes started with `countSqlStatements`. */
export async function sqlCounts(processes: ServiceProcess[]): Promise<StatementCounts> {
  const total: StatementCounts = { statements: 0, writes: 0, transactions: 0, commits: 0, rollbacks: 0 };
  for (const p of processes) {
    const counts = (await p.stats()).sql;
    if (!counts) throw new Error(`${p.instance} does not count its SQL`);
    for (const key of Object.keys(total) as Array<keyof StatementCounts>) total[key] += counts[key];
  }
  return total;
}

/** `after - before`, per mail. */
export function sqlPerMail(before: StatementCounts, after: StatementCounts, mails: number) {
  const per = (key: keyof StatementCounts) => Math.round(((after[key] - before[key]) / mails) * 100) / 100;
  return {
    statements: per('statements'),
    writes: per('writes'),
    transactions: per('transactions'),
    commits: per('commits'),
    rollbacks: per('rollbacks'),
  };
}
