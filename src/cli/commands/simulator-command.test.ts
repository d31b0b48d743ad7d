import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { demoTenant } from '../../simulator/index.js';
import {
  getToken,
  graphClient,
  startReceiver,
  subscriptionBody,
  support,
} from '../../simulator/test-support/helpers.js';
import { registerSimulatorCommand } from './simulator-command.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const fixture = fileURLToPath(new URL('../../simulator/fixtures/plain.eml', import.meta.url));

function cli(args: string[]): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', ...args], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

function run(
  args: string[],
): Promise<{ code: number | null; stdout: string; stderr: string; exitedAt: number }> {
  return new Promise((resolve) => {
    const child = cli(args);
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr?.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr, exitedAt: Date.now() }));
  });
}

/** Runs the command in this process (faster than spawning), capturing what it prints. */
async function runInProcess(
  args: string[],
): Promise<{ code: typeof process.exitCode; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void out.push(a.join(' ')));
  const error = vi
    .spyOn(console, 'error')
    .mockImplementation((...a: unknown[]) => void err.push(a.join(' ')));
  const previous = process.exitCode;
  try {
    const program = new Command('ms-inbox').exitOverride();
    registerSimulatorCommand(program);
    await program.parseAsync(['node', 'ms-inbox', ...args]);
    return { code: process.exitCode, out: out.join('\n'), err: err.join('\n') };
  } finally {
    process.exitCode = previous;
    log.mockRestore();
    error.mockRestore();
  }
}

let server: ChildProcess;
let url: string;
let banner = '';

beforeAll(async () => {
  server = cli(['simulator', '--port', '0']);
  url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`simulator did not start: ${banner}`)), 20_000);
    server.stdout?.on('data', (chunk: Buffer) => {
      banner += chunk.toString();
      const match = /Simulator listening on (http:\/\/\S+)/.exec(banner);
      if (match?.[1] && banner.includes('Random seed')) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
  });
});
afterAll(() => {
  server.kill('SIGTERM');
});

describe('ms-inbox simulator (standalone)', () => {
  it('prints the URL and the demo tenant ids and secret', () => {
    expect(banner).toContain(`tenant id:      ${demoTenant.tenantId}`);
    expect(banner).toContain(`client id:    ${demoTenant.clientId}`);
    expect(banner).toContain(`secret:       ${demoTenant.clientSecret}`);
    expect(banner).toContain(`mailbox ${support}`);
  });

  it('`simulator send` puts an .eml in the Inbox, and a subscription on it is notified within a second', async () => {
    const receiver = await startReceiver();
    try {
      const graph = graphClient(url, await getToken(url));
      const created = await graph('POST', 'subscriptions', subscriptionBody(receiver.url));
      expect(created.status).toBe(201);

      const sent = await run(['simulator', 'send', '--to', support, '--url', url, fixture]);
      expect(sent.stderr).toBe('');
      expect(sent.code).toBe(0);
      expect(sent.stdout).toContain(`Delivered to ${support} (inbox)`);

      await receiver.waitFor(() => receiver.notifications().length > 0, 2000);
      const notification = receiver.notifications()[0];
      expect((notification?.at ?? Infinity) - sent.exitedAt).toBeLessThan(1000);
      expect(notification?.json.value[0]).toMatchObject({
        subscriptionId: created.body.id,
        changeType: 'created',
        clientState: 'secret-client-state',
      });

      const id = (notification?.json.value[0]?.resourceData as { id: string }).id;
      const message = await graph(
        'GET',
        `users/${support}/mailFolders('Inbox')/messages/${encodeURIComponent(id)}?$select=subject,from`,
      );
      expect(message.body).toMatchObject({
        subject: 'Printer on floor 3 is broken',
        from: { emailAddress: { address: 'alice@example.org' } },
      });
    } finally {
      await receiver.close();
    }
  });

  it('`simulator send` builds a mail from --subject, --from and --body', async () => {
    const { code, out } = await runInProcess([
      'simulator',
      'send',
      '--to',
      `sales@${demoTenant.domain}`,
      '--url',
      url,
      '--subject',
      'Quote',
      '--from',
      'dan@example.org',
      '--body',
      'Please send a quote.',
    ]);
    expect(code).toBeUndefined();
    expect(out).toContain(`Delivered to sales@${demoTenant.domain} (inbox)`);
    const list = (await (
      await fetch(`${url}/_sim/users/sales@${demoTenant.domain}/messages?folder=inbox`)
    ).json()) as { value: Array<{ subject: string }> };
    expect(list.value.map((m) => m.subject)).toContain('Quote');
  });

  it('`simulator send` to an unknown mailbox fails with a message', async () => {
    const { code, err } = await runInProcess([
      'simulator',
      'send',
      '--to',
      'nobody@example.org',
      '--url',
      url,
      fixture,
    ]);
    expect(code).toBe(1);
    expect(err).toContain('404');
  });
});
