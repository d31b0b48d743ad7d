import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../../', import.meta.url));

// The command must not see configuration variables of the shell that runs the tests.
const childEnv = Object.fromEntries(
  Object.entries(process.env).filter(
    ([name]) =>
      !name.startsWith('MS_INBOX_') &&
      !['PORT', 'PUBLIC_URL', 'DATABASE_URL', 'DATA_DIR', 'LOG_LEVEL'].includes(name),
  ),
);

/**
 * Runs the `ms-inbox` command (compiled, as `npm install` builds it) in its own process, as a user or an operator
 * would, with `env` on top of a clean environment; resolves with its exit code and output.
 */
export function runCli(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['bin/ms-inbox.js', ...args],
      { cwd: root, env: { ...childEnv, ...env }, timeout: 60_000 },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}
