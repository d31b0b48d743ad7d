import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from './support/pipeline/pipeline-harness.js';
import { waitFor } from './support/wait-for.js';

const root = fileURLToPath(new URL('../', import.meta.url));
const compiledMain = join(root, 'dist/server/main.js');

/** A TypeScript handler module (type annotations, `satisfies`: plain Node cannot import it) that logs each mail. */
const typeScriptHandler = `
import { appendFileSync } from 'node:fs';

interface Seen { subject: string; module: string }

export default {
  path: '/inbox/',
  notification: (_app: unknown, emailData: { message: { subject?: string | null } }): boolean => {
    const seen = { subject: String(emailData.message.subject), module: import.meta.url } satisfies Seen;
    appendFileSync(process.env.HANDLER_LOG as string, JSON.stringify(seen) + '\\n');
    return true;
  },
};
`;

describe('the compiled runtime (dist/server), as npm start and the ms-inbox command run it', () => {
  let child: ChildProcess | undefined;
  let output = '';
  const dir = mkdtempSync(join(tmpdir(), 'msi-compiled-'));
  const handlerLog = join(dir, 'handled.jsonl');
  let url = '';

  beforeAll(async () => {
    mkdirSync(join(dir, 'handlers'));
    writeFileSync(join(dir, 'handlers', 'inbox.ts'), typeScriptHandler);
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    // Plain node, no loader flag: only the compiled JavaScript can run like this.
    child = spawn(process.execPath, [compiledMain, 'start', '--host', '127.0.0.1'], {
      cwd: dir,
      env: {
        ...process.env,
        PORT: String(port),
        LOG_LEVEL: 'warn',
        MS_INBOX_CONFIG: '',
        MS_INBOX_HANDLERS_DIR: join(dir, 'handlers'),
        HANDLER_LOG: handlerLog,
        NODE_OPTIONS: '',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  }, 60_000);

  afterAll(async () => {
    if (child && child.exitCode === null) {
      child.kill('SIGTERM');
      await new Promise((resolve) => child?.once('exit', resolve));
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it('is built: bin/ms-inbox.js runs dist/server/main.js', () => {
    expect(existsSync(compiledMain)).toBe(true);
    expect(readFileSync(join(root, 'bin/ms-inbox.js'), 'utf8')).toContain('../dist/server/main.js');
  });

  it('serves the admin UI and hands demo mail to a TypeScript handler from handlers_dir, with no build step', async () => {
    await waitFor(
      'the compiled service to answer /healthz',
      async () => {
        if (child?.exitCode !== null) throw new Error(`the service exited:\n${output}`);
        return (await fetch(`${url}/healthz`).catch(() => null))?.ok === true;
      },
      { timeoutMs: 30_000 },
    );
    expect((await fetch(`${url}/admin/`)).status).toBe(200);
    await waitFor('the TypeScript handler to see a demo mail', () => existsSync(handlerLog), {
      timeoutMs: 30_000,
      intervalMs: 250,
    });
    const seen = readFileSync(handlerLog, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { subject: string; module: string });
    expect(new URL(seen[0]?.module ?? 'file:///').pathname).toBe(join(dir, 'handlers', 'inbox.ts'));
    expect(seen[0]?.subject.length).toBeGreaterThan(0);
  }, 70_000);
});
