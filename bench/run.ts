/**
 * `npm run bench` — P1–P6 of the performance promise (docs/benchmarks.md), against the Graph simulator over real
 * HTTP with ms-inbox in child processes, writing `bench/results/latest.json` and `docs/benchmarks.md`.
 * Options: `--quick` (fewer mails, about ten minutes), `--only p1,p3` (a subset), `--profile` (CPU profiles of the
 * ms-inbox processes into `bench/results/profiles/`; summarise one with `npx tsx bench/profile-summary.ts FILE`).
 */
import { mkdirSync, rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { BenchOptions } from './bench-env.js';
import { runIngest } from './p1-ingest.js';
import { runLatency } from './p2-latency.js';
import { runThroughput } from './p3-throughput.js';
import { runMemory } from './p5-memory.js';
import { quickMailsPerMailbox, runDrain } from './p6-drain.js';
import { runRuntimeMemory } from './p5-runtime.js';
import { machine, writeReport, type BenchResults } from './report.js';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const onlyArg = args.find((a) => a.startsWith('--only'));
const only = onlyArg
  ? (onlyArg.includes('=') ? onlyArg.split('=')[1] : args[args.indexOf(onlyArg) + 1])?.split(',')
  : undefined;
const wanted = (name: string) => !only || only.includes(name);
const resultsDir = fileURLToPath(new URL('./results/', import.meta.url));
const profileDir = args.includes('--profile') ? `${resultsDir}profiles` : null;
if (profileDir) rmSync(profileDir, { recursive: true, force: true });
mkdirSync(resultsDir, { recursive: true });
const options: BenchOptions = { quick, profileDir };

const started = Date.now();
const results: BenchResults = { machine: machine(), quick, loadBefore: loadavg(), figures: {}, details: {} };
const step = async <T>(name: string, run: () => Promise<T>): Promise<T> => {
  const t0 = Date.now();
  console.error(`[bench] ${name}…`);
  const value = await run();
  console.error(
    `[bench] ${name} done in ${((Date.now() - t0) / 1000).toFixed(1)} s: ${JSON.stringify(value)}`,
  );
  // The machine's 1-minute load after each step: other work on a shared machine shows up in the figures.
  results.details[name] = { ...value, loadAverage1m: Math.round((loadavg()[0] ?? 0) * 100) / 100 };
  return value;
};

if (wanted('p1')) {
  const p1 = await step('p1', () => runIngest(options));
  Object.assign(results.figures, {
    p1_ingest_ratio: p1.ratio,
    p1_ingest_p99_ms: p1.inboxP99Ms,
    p1_ingest_requests_per_s: p1.inboxRequestsPerS,
    p1_baseline_requests_per_s: p1.helloRequestsPerS,
    p1_baseline_p99_ms: p1.helloP99Ms,
  });
}
if (wanted('p2') || wanted('p4')) {
  const p2 = await step('p2-sqlite', () => runLatency('sqlite', options, 50));
  Object.assign(results.figures, {
    p2_latency_p50_ms: p2.p50Ms,
    p2_latency_p95_ms: p2.p95Ms,
    p2_latency_p99_ms: p2.p99Ms,
    p4_graph_operations_per_mail: Math.round(p2.graph.operationsPerMail * 1000) / 1000,
    p4_graph_round_trips_per_mail: Math.round(p2.graph.roundTripsPerMail * 1000) / 1000,
  });
  if (!quick) {
    const pg = await step('p2-postgres', () => runLatency('postgres', options, 50));
    Object.assign(results.figures, { p2_pg_latency_p99_ms: pg.p99Ms });
    const slow = await step('p4-at-25-per-s', () => runLatency('sqlite', options, 25));
    Object.assign(results.figures, {
      p4_graph_round_trips_per_mail_at_25_per_s: Math.round(slow.graph.roundTripsPerMail * 1000) / 1000,
    });
  }
}
if (wanted('p3')) {
  const sqlite = await step('p3-sqlite', () => runThroughput('sqlite', options));
  const one = await step('p3-pg-1-worker', () => runThroughput('pg-1-worker', options));
  const two = await step('p3-pg-2-workers', () => runThroughput('pg-2-workers', options));
  Object.assign(results.figures, {
    p3_sqlite_mails_per_s: sqlite.mailsPerS,
    p3_sql_statements_per_mail: sqlite.sqlPerMail.statements,
    p3_commits_per_mail: sqlite.sqlPerMail.commits,
    p3_pg_one_worker_mails_per_s: one.mailsPerS,
    p3_pg_two_workers_mails_per_s: two.mailsPerS,
    p3_pg_two_workers_ratio: Math.round((two.mailsPerS / one.mailsPerS) * 100) / 100,
    p3_pg_sql_statements_per_mail: one.sqlPerMail.statements,
    p3_pg_commits_per_mail: one.sqlPerMail.commits,
    p5_load_rss_mb: sqlite.peakRssMb,
  });
  // Scale-out where Graph, not this machine's two cores, sets the pace: 50–150 ms per request, 20 Inboxes.
  const latency = { graphLatency: true, mailboxes: 20 };
  const oneSlow = await step('p3-pg-1-worker-latency', () => runThroughput('pg-1-worker', options, latency));
  const twoSlow = await step('p3-pg-2-workers-latency', () =>
    runThroughput('pg-2-workers', options, latency),
  );
  Object.assign(results.figures, {
    p3_pg_one_worker_mails_per_s_with_latency: oneSlow.mailsPerS,
    p3_pg_two_workers_mails_per_s_with_latency: twoSlow.mailsPerS,
    p3_pg_two_workers_ratio_with_latency: Math.round((twoSlow.mailsPerS / oneSlow.mailsPerS) * 100) / 100,
  });
}
if (wanted('p6')) {
  if (quick)
    console.error(`[bench] p6 with --quick: ${quickMailsPerMailbox} mails per mailbox instead of 2,000`);
  const sqlite = await step('p6-sqlite', () => runDrain('sqlite', options));
  const pg = await step('p6-pg-2-instances', () => runDrain('pg-2-instances', options));
  Object.assign(results.figures, {
    p6_drain_budget_use: sqlite.budgetUse,
    p6_throttled: sqlite.throttled,
    p6_drain_mails_per_s: sqlite.mailsPerS,
    p6_pg_two_instances_drain_budget_use: pg.budgetUse,
    p6_pg_two_instances_throttled: pg.throttled,
    p6_pg_two_instances_drain_mails_per_s: pg.mailsPerS,
  });
}
if (wanted('p5')) {
  const p5 = await step('p5', () => runMemory(options));
  Object.assign(results.figures, {
    p5_idle_rss_mb: p5.idleRssMb,
    p5_idle_rss_after_gc_mb: p5.idleRssAfterGcMb,
    p5_attachment_growth_mb: p5.attachmentGrowthMb,
    p5_attachment_growth_ratio: p5.attachmentGrowthRatio,
  });
  const runtime = await step('p5-runtime', () => runRuntimeMemory(options));
  Object.assign(results.figures, {
    p5_demo_rss_compiled_mb: runtime.compiledRssMb,
    p5_demo_rss_tsx_mb: runtime.tsxRssMb,
    p5_demo_rss_compiled_ratio: runtime.ratio,
  });
  if (!quick) {
    // The same with a smaller young generation and a capped old one: what V8's defaults cost in RSS.
    const flags = ['--max-semi-space-size=2', '--max-old-space-size=96'];
    const tuned = await step('p5-tuned', () => runMemory(options, flags));
    Object.assign(results.figures, {
      p5_idle_rss_tuned_mb: tuned.idleRssMb,
      p5_attachment_growth_tuned_ratio: tuned.attachmentGrowthRatio,
    });
  }
}

results.loadAfter = loadavg();
results.durationS = Math.round((Date.now() - started) / 1000);
const command = `npm run bench${quick ? ' -- --quick' : ''}${only ? ` -- --only ${only.join(',')}` : ''}`;
await writeReport(results, command);
console.error(
  `[bench] done in ${results.durationS} s; bench/results/latest.json and docs/benchmarks.md written`,
);
console.log(JSON.stringify(results.figures, null, 2));
