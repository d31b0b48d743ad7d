import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const seedStandard = join(root, 'src/config/fixtures/seed-standard.yaml');
const seedSecret = 'Abc8Q~xyzT3v9LmN0pQrStUvWx.Yz12345_67-ab';

// The child must not see configuration variables of the shell that runs the tests.
const childEnv = Object.fromEntries(
  Object.entries(process.env).filter(
    ([name]) =>
      !name.startsWith('MS_INBOX_') &&
      !['PORT', 'PUBLIC_URL', 'DATABASE_URL', 'DATA_DIR', 'LOG_LEVEL'].includes(name),
  ),
);

/**
 * Runs the `ms-inbox` command (the compiled service the global setup builds), as a user would, and returns its
 * exit code and output. Not through `npx tsx`: compiling the sources on every run takes 10–20 s on a busy machine.
 */
function runCli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['bin/ms-inbox.js', ...args],
      { cwd: root, env: childEnv },
      (error, stdout, stderr) => {
        resolve({ code: error === null ? 0 : Number(error.code ?? 1), stdout, stderr });
      },
    );
  });
}

function writeConfig(text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'ms-inbox-cli-')), 'application_config.yaml');
  writeFileSync(path, text);
  return path;
}

// A run of the command takes 1–2 s on an idle machine and up to ~15 s under load; a test runs it twice at most.
describe('ms-inbox config check', { timeout: 60_000 }, () => {
  it('prints a valid configuration with the secret masked and exits with 0', async () => {
    const result = await runCli(['config', 'check', seedStandard]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('application: my-application');
    expect(result.stdout).toContain('clientSecret: "****"');
    expect(result.stdout + result.stderr).not.toContain(seedSecret);
    expect(result.stderr).toBe('');
  });

  it('prints each problem with its path on stderr and exits with 2', async () => {
    const file = writeConfig(
      'app:\n  config:\n    limepkg_ms_inbox:\n      support:\n        client_id: <client-id>\n' +
        '        tenant_id: contoso.onmicrosoft.com\n        clientsecret: x\n',
    );
    const result = await runCli(['config', 'check', file]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr.split('\n')).toEqual([
      expect.stringMatching(
        /^error: config\.limepkg_ms_inbox\.support\.client_id: still the placeholder <client-id>/,
      ),
      expect.stringMatching(
        /^error: secrets\.limepkg_ms_inbox\.support\.client_secret: missing for client "support"/,
      ),
      'warning: config.limepkg_ms_inbox.support.clientsecret: unknown key; ignored',
      '',
    ]);
  });

  it('reads the global --config and --app options when no FILE is given', async () => {
    const file = writeConfig(
      'alpha:\n  config:\n    limepkg_ms_inbox:\nbeta:\n  config:\n    limepkg_ms_inbox:\n',
    );
    const chosen = await runCli(['--config', file, '--app', 'beta', 'config', 'check']);
    expect(chosen.code).toBe(0);
    expect(chosen.stdout).toContain('application: beta');
    const ambiguous = await runCli(['--config', file, 'config', 'check']);
    expect(ambiguous.code).toBe(2);
    expect(ambiguous.stderr).toMatch(/^error: \(file\): holds 2 applications/);
  });
});
