import type { Command } from 'commander';
import { createInterface } from 'node:readline';
import { randomBytes } from 'node:crypto';
import { createAuth, type Auth, type UserView } from '../../http/index.js';
import { systemClock } from '../../shared/index.js';
import type { AccessRole } from '../../store/index.js';
import { withCliContext } from '../cli-context.js';

const line = (u: UserView) =>
  [
    u.username,
    u.role,
    u.disabled ? 'disabled' : 'enabled',
    u.groups.join(',') || '-',
    u.displayName ?? '',
  ].join('\t');

/** Reads the first line of standard input (for `--password-stdin` in scripts). */
async function readStdinLine(): Promise<string> {
  const reader = createInterface({ input: process.stdin });
  for await (const text of reader) {
    reader.close();
    return text;
  }
  return '';
}

/** Asks for a password on the terminal without echoing it. */
async function promptHidden(question: string): Promise<string> {
  const reader = createInterface({ input: process.stdin, output: process.stdout, terminal: true });
  const output = reader as unknown as { _writeToOutput: (s: string) => void };
  output._writeToOutput = (s: string) => {
    if (s.includes(question)) process.stdout.write(s);
  };
  const answer = await new Promise<string>((resolve) => reader.question(question, resolve));
  reader.close();
  process.stdout.write('\n');
  return answer;
}

interface PasswordFlags {
  passwordStdin?: boolean;
  generate?: boolean;
}

/** The new password: from stdin, generated (printed once), or typed twice on a terminal. */
async function newPassword(flags: PasswordFlags): Promise<{ password: string; generated: boolean } | null> {
  if (flags.generate) return { password: randomBytes(18).toString('base64url'), generated: true };
  if (flags.passwordStdin) return { password: await readStdinLine(), generated: false };
  if (!process.stdin.isTTY) {
    process.stderr.write('error: give --password-stdin or --generate when not on a terminal\n');
    process.exitCode = 1;
    return null;
  }
  const first = await promptHidden('Password: ');
  if ((await promptHidden('Repeat password: ')) !== first) {
    process.stderr.write('error: the passwords differ\n');
    process.exitCode = 1;
    return null;
  }
  return { password: first, generated: false };
}

const withAuth = (command: Command, fn: (auth: Auth) => Promise<void>) =>
  withCliContext(command, async ({ store, config }) =>
    fn(
      createAuth({
        store,
        clock: systemClock,
        configuredAdminToken: null,
        secureCookies: !!config.server.publicUrl?.startsWith('https:'),
      }),
    ),
  );

const passwordOptions = (command: Command) =>
  command
    .option('--password-stdin', 'read the password from the first line of standard input')
    .option('--generate', 'generate a random password and print it once');

/** Adds `ms-inbox users add|list|passwd|role|remove`, `users groups …`, `users status-groups` and `users tokens …`. */
export function registerUsersCommand(program: Command): void {
  const users = program.command('users').description('manage who may use the admin UI and API');

  users
    .command('list')
    .description('list users with role, state and groups')
    .option('--json', 'print JSON')
    .action(async (flags: { json?: boolean }, command: Command) =>
      withAuth(command, async (auth) => {
        const list = await auth.users.list();
        if (flags.json) process.stdout.write(`${JSON.stringify(list, null, 2)}\n`);
        else if (list.length === 0)
          process.stdout.write('no users: add one with ms-inbox users add <name> --role admin\n');
        else for (const u of list) process.stdout.write(`${line(u)}\n`);
      }),
    );

  passwordOptions(
    users
      .command('add')
      .argument('<username>', 'login name (letters, digits, . _ @ -)')
      .description('add a user; the password is asked for, read from stdin or generated')
      .option('--role <role>', 'admin, agent or viewer', 'viewer')
      .option('--display-name <name>', 'name shown in the UI'),
  ).action(
    async (
      username: string,
      flags: PasswordFlags & { role: string; displayName?: string },
      command: Command,
    ) =>
      withAuth(command, async (auth) => {
        const secret = await newPassword(flags);
        if (!secret) return;
        const user = await auth.users.add({
          username,
          password: secret.password,
          role: flags.role as AccessRole,
          displayName: flags.displayName ?? null,
        });
        process.stdout.write(`added ${line(user)}\n`);
        if (secret.generated) process.stdout.write(`password (shown once): ${secret.password}\n`);
      }),
  );

  passwordOptions(
    users.command('passwd').argument('<username>').description("set a user's password (signs the user out)"),
  ).action(async (username: string, flags: PasswordFlags, command: Command) =>
    withAuth(command, async (auth) => {
      const secret = await newPassword(flags);
      if (!secret) return;
      await auth.users.setPassword(username, secret.password);
      process.stdout.write(`password of ${username} changed; its sessions ended\n`);
      if (secret.generated) process.stdout.write(`password (shown once): ${secret.password}\n`);
    }),
  );

  users
    .command('role')
    .argument('<username>')
    .argument('<role>', 'admin, agent or viewer')
    .description("change a user's role")
    .action(async (username: string, role: string, _flags: unknown, command: Command) =>
      withAuth(command, async (auth) => {
        const user = await auth.users.update(username, { role: role as AccessRole });
        process.stdout.write(`updated ${line(user)}\n`);
      }),
    );

  users
    .command('remove')
    .argument('<username>')
    .description('remove a user and end its sessions')
    .action(async (username: string, _flags: unknown, command: Command) =>
      withAuth(command, async (auth) => {
        await auth.users.remove(username);
        process.stdout.write(`removed ${username}\n`);
      }),
    );

  registerGroupCommands(users);
  registerTokenCommands(users);
}

function registerGroupCommands(users: Command): void {
  const groups = users.command('groups').description('groups of users');
  groups
    .command('list')
    .description('list groups with their members')
    .action(async (_flags: unknown, command: Command) =>
      withAuth(command, async (auth) => {
        const allowed = await auth.groups.statusGroups();
        for (const g of await auth.groups.list()) {
          const status = allowed.includes(g.name) ? '\tsees status summary' : '';
          process.stdout.write(`${g.name}\t${g.members.join(',') || '-'}${status}\n`);
        }
      }),
    );
  groups
    .command('add')
    .argument('<group>')
    .option('--description <text>', 'what the group is for')
    .description('add a group')
    .action(async (name: string, flags: { description?: string }, command: Command) =>
      withAuth(command, async (auth) => {
        await auth.groups.add({ name, description: flags.description ?? null });
        process.stdout.write(`added group ${name}\n`);
      }),
    );
  groups
    .command('remove')
    .argument('<group>')
    .description('remove a group')
    .action(async (name: string, _flags: unknown, command: Command) =>
      withAuth(command, async (auth) => {
        await auth.groups.remove(name);
        process.stdout.write(`removed group ${name}\n`);
      }),
    );
  for (const [verb, description] of [
    ['join', 'add a user to a group'],
    ['leave', 'remove a user from a group'],
  ] as const) {
    groups
      .command(verb)
      .argument('<group>')
      .argument('<username>')
      .description(description)
      .action(async (name: string, username: string, _flags: unknown, command: Command) =>
        withAuth(command, async (auth) => {
          if (verb === 'join') await auth.groups.addMember(name, username);
          else await auth.groups.removeMember(name, username);
          process.stdout.write(`${username} ${verb === 'join' ? 'joined' : 'left'} ${name}\n`);
        }),
      );
  }
  users
    .command('status-groups')
    .argument('[groups...]', 'groups whose members may see the status summary')
    .option('--none', 'only admins see the status summary')
    .description(
      'show or choose the groups that may see the status summary (the seed: Settings → Status Addon)',
    )
    .action(async (names: string[], flags: { none?: boolean }, command: Command) =>
      withAuth(command, async (auth) => {
        const groups =
          names.length || flags.none
            ? await auth.groups.setStatusGroups(flags.none ? [] : names)
            : await auth.groups.statusGroups();
        process.stdout.write(
          groups.length ? `${groups.join('\n')}\n` : 'only admins see the status summary\n',
        );
      }),
    );
}

function registerTokenCommands(users: Command): void {
  const tokens = users.command('tokens').description('API tokens for automation');
  tokens
    .command('create')
    .argument('<name>', 'what the token is for')
    .option('--role <role>', 'admin, agent or viewer', 'viewer')
    .option('--expires <date>', 'expiry date (ISO-8601)')
    .description('create an API token; it is printed once')
    .action(async (name: string, flags: { role: string; expires?: string }, command: Command) =>
      withAuth(command, async (auth) => {
        const { token, view } = await auth.tokens.create({
          name,
          role: flags.role as AccessRole,
          createdBy: 'cli',
          expiresAt: flags.expires ?? null,
        });
        process.stdout.write(`created token ${view.id} (${view.role})\n${token}\n`);
      }),
    );
  tokens
    .command('list')
    .description('list API tokens (never the tokens themselves)')
    .action(async (_flags: unknown, command: Command) =>
      withAuth(command, async (auth) => {
        for (const t of await auth.tokens.list()) {
          const state = t.revokedAt ? 'revoked' : (t.expiresAt ?? 'no expiry');
          process.stdout.write(
            `${t.id}\t${t.name}\t${t.role}\t${state}\tlast used ${t.lastUsedAt ?? 'never'}\n`,
          );
        }
      }),
    );
  tokens
    .command('revoke')
    .argument('<id>')
    .description('revoke an API token')
    .action(async (id: string, _flags: unknown, command: Command) =>
      withAuth(command, async (auth) => {
        await auth.tokens.revoke(id);
        process.stdout.write(`revoked ${id}\n`);
      }),
    );
}
