/**
 * P5 runtime: what the compiled runtime saves. The same demo (`ms-inbox start` without clients: the simulator,
 * two mailboxes, the demo mail) is started twice, once as `npm start` runs it (compiled, `dist/server`) and once
 * the old way (TypeScript through tsx), and each process's RSS is read after it has settled.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureServerBuilt } from '../scripts/build-server.js';
import { freePort } from '../test/support/pipeline/pipeline-harness.js';
import { waitFor } from '../test/support/wait-for.js';
import { round, type BenchOptions } from './bench-env.js';

const root = fileURLToPath(new URL('../', import.meta.url));

function rssMbOf(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? NaN);
  return round(kb / 1024);
}

async function demoRssMb(args: string[], settleMs: number): Promise<number> {
  const cwd = mkdtempSync(join(tmpdir(), 'msi-bench-runtime-'));
  const port = await freePort();
  const child = spawn(process.execPath, [...args, 'start', '--host', '127.0.0.1'], {
    cwd,
    env: { ...process.env, PORT: String(port), LOG_LEVEL: 'warn', MS_INBOX_CONFIG: '', NODE_OPTIONS: '' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    await waitFor('the demo banner', () => output.includes('sign in as'), { timeoutMs: 60_000 });
    await new Promise((resolve) => setTimeout(resolve, settleMs));
    if (!child.pid) throw new Error('the demo has no pid');
    return rssMbOf(child.pid);
  } finally {
    child.kill('SIGTERM');
    await exited;
    rmSync(cwd, { recursive: true, force: true });
  }
}

export async function runRuntimeMemory(options: BenchOptions) {
  const settleMs = options.quick ? 5_000 : 15_000;
  ensureServerBuilt();
  const compiledRssMb = await demoRssMb([join(root, 'dist/server/main.js')], settleMs);
  const tsxRssMb = await demoRssMb(
    ['--import', import.meta.resolve('tsx'), join(root, 'src/main.ts')],
    settleMs,
  );
  return { compiledRssMb, tsxRssMb, ratio: round(compiledRssMb / tsxRssMb, 2) };
}
