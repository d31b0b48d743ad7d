import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from './support/pipeline/pipeline-harness.js';
import { waitFor } from './support/wait-for.js';

const root = fileURLToPath(new URL('../', import.meta.url));
const token = 'demo-test-token-0123456789abcdef';

describe('npm start without a configuration (the demo)', () => {
  let child: ChildProcess;
  let url: string;
  let output = '';
  const cwd = mkdtempSync(join(tmpdir(), 'msi-demo-'));
  const api = async <T>(path: string): Promise<T> => {
    const response = await fetch(`${url}${path}`, { headers: { authorization: `Bearer ${token}` } });
    return (await response.json()) as T;
  };

  beforeAll(async () => {
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    child = spawn(process.execPath, [join(root, 'bin/ms-inbox.js'), 'start', '--host', '127.0.0.1'], {
      cwd,
      env: {
        ...process.env,
        PORT: String(port),
        MS_INBOX_ADMIN_TOKEN: token,
        LOG_LEVEL: 'warn',
        MS_INBOX_CONFIG: '',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    await waitFor(
      'the demo to answer /healthz',
      async () => (await fetch(`${url}/healthz`).catch(() => null))?.ok === true,
      {
        timeoutMs: 30_000,
      },
    );
    await waitFor('the demo banner', () => output.includes('sign in as'), { timeoutMs: 30_000 });
  }, 60_000);

  afterAll(async () => {
    child?.kill('SIGTERM');
    await new Promise((resolve) => child?.once('exit', resolve));
    rmSync(cwd, { recursive: true, force: true });
  });

  it('prints where the admin is and never prints a configured admin token', () => {
    expect(output).toContain('/admin');
    expect(output).toMatch(/sign in as demo \/ \S+/);
    expect(output).toContain('built-in Microsoft Graph simulator');
    expect(output).not.toContain(token);
  });

  it('shows at least 5 tickets and one Failed mail waiting for retry within 30 seconds', async () => {
    await waitFor(
      '5 tickets and a failed mail',
      async () => {
        const tickets = await api<{ total: number }>('/api/helpdesk/tickets');
        const failed = await api<{ items: unknown[] }>('/api/messages?status=failed');
        return tickets.total >= 5 && failed.items.length >= 1;
      },
      { timeoutMs: 30_000, intervalMs: 500 },
    );
    const failed = await api<{ items: Array<{ id: string; error: { message: string } }> }>(
      '/api/messages?status=failed',
    );
    expect(failed.items[0]?.error.message).toContain('retry this mail');
    const resources = await api<Array<{ email: string; state: string }>>('/api/resources');
    expect(resources.map((r) => r.state)).toEqual(['Active', 'Active']);
  }, 40_000);

  it('exposes Prometheus metrics with non-zero values where mail flowed, only with credentials', async () => {
    expect((await fetch(`${url}/metrics`)).status).toBe(401);
    // The demo's mail flows in the background after start: wait until a mail of the support inbox is processed.
    const resources = await api<Array<{ id: string; email: string }>>('/api/resources');
    const support = resources.find((r) => r.email.startsWith('support@'));
    await waitFor(
      'a processed mail of the support inbox',
      async () =>
        (await api<{ items: unknown[] }>(`/api/messages?resource=${support?.id}&status=processed&limit=1`))
          .items.length > 0,
      { timeoutMs: 30_000, intervalMs: 500 },
    );
    const text = await (
      await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${token}` } })
    ).text();
    const value = (pattern: RegExp) => Number(pattern.exec(text)?.[1] ?? 'NaN');
    expect(value(/msi_notifications_received_total\{outcome="accepted"\} (\d+)/)).toBeGreaterThan(0);
    expect(value(/msi_mails\{state="processed",resource="support@[^"]+"\} (\d+)/)).toBeGreaterThan(0);
    expect(value(/msi_mail_latency_seconds_count (\d+)/)).toBeGreaterThan(0);
    expect(value(/msi_graph_requests_total\{operation="[\w.]+",status="200"\} (\d+)/)).toBeGreaterThan(0);
    expect(value(/msi_subscription_expiry_seconds\{resource="sales@[^"]+"\} ([\d.e+]+)/)).toBeGreaterThan(
      3600,
    );
    for (const name of [
      'msi_graph_throttle_wait_seconds_total',
      'msi_job_queue_depth',
      'msi_job_oldest_pending_age_seconds',
    ]) {
      expect(text).toContain(name);
    }
  }, 40_000);

  it('lets the printed demo user sign in to the admin UI', async () => {
    const password = /sign in as demo \/ (\S+)/.exec(output)?.[1] ?? '';
    const response = await fetch(`${url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'demo', password }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('set-cookie')).toContain('HttpOnly');
  });
});
