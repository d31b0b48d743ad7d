import type { Command } from 'commander';
import type { ResourceInput, ResourceView } from '../../inbox/index.js';
import type { DisposalMode } from '../../store/index.js';
import { withCliContext } from '../cli-context.js';

const line = (r: ResourceView) =>
  [
    r.id,
    r.clientName,
    r.email,
    r.state + (r.stateReason ? ` (${r.stateReason})` : ''),
    r.webhookTarget,
    r.recoveryTarget ?? '-',
    `failed ${r.counts.failed}, unprocessed ${r.counts.unprocessed}, processed ${r.counts.processed}`,
  ].join('\t');

interface ResourceFlags {
  webhook?: string;
  recovery?: string;
  inactive?: boolean;
  active?: boolean;
  disposal?: DisposalMode;
  folder?: string;
  category?: string;
  json?: boolean;
}

const disposalOf = (flags: ResourceFlags): ResourceInput['disposal'] | undefined =>
  flags.disposal
    ? { mode: flags.disposal, folder: flags.folder ?? null, category: flags.category ?? null }
    : undefined;

/** Adds `ms-inbox resources add|list|update|remove`: the watched mailboxes, as the seed's admin page manages them. */
export function registerResourcesCommand(program: Command): void {
  const resources = program.command('resources').description('manage watched mailboxes (resources)');

  resources
    .command('list')
    .description('list resources with their state and mail counts')
    .option('--client <name>', 'only this client')
    .option('--json', 'print JSON')
    .action(async (flags: { client?: string; json?: boolean }, command: Command) =>
      withCliContext(command, async ({ inbox }) => {
        const list = await inbox.resources.list(flags.client);
        if (flags.json) process.stdout.write(`${JSON.stringify(list, null, 2)}\n`);
        else if (list.length === 0) process.stdout.write('no resources\n');
        else for (const r of list) process.stdout.write(`${line(r)}\n`);
      }),
    );

  resources
    .command('add')
    .description('watch a mailbox; its subscription is created by the running service')
    .requiredOption('--client <name>', 'client from application_config.yaml')
    .requiredOption('--email <address>', 'mailbox to watch')
    .requiredOption('--webhook <target>', 'handler endpoint path (/inbox/) or https:// URL')
    .option('--recovery <target>', 'recovery endpoint path or URL')
    .option('--inactive', 'add it inactive (mail waits as Unprocessed)')
    .option('--disposal <mode>', 'soft-delete (default), delete, move or categorise')
    .option('--folder <id>', 'folder for --disposal move')
    .option('--category <name>', 'category for --disposal categorise')
    .option('--json', 'print JSON')
    .action(
      async (flags: ResourceFlags & { client: string; email: string; webhook: string }, command: Command) =>
        withCliContext(command, async ({ inbox }) => {
          const added = await inbox.resources.add({
            clientName: flags.client,
            email: flags.email,
            webhookTarget: flags.webhook,
            recoveryTarget: flags.recovery ?? null,
            inactive: flags.inactive ?? false,
            disposal: disposalOf(flags),
          });
          process.stdout.write(flags.json ? `${JSON.stringify(added, null, 2)}\n` : `added ${line(added)}\n`);
        }),
    );

  resources
    .command('update')
    .argument('<id>', 'resource id')
    .description('change a resource; --active re-subscribes and processes the mail that waited')
    .option('--email <address>', 'new address')
    .option('--webhook <target>', 'handler endpoint path or URL')
    .option('--recovery <target>', 'recovery endpoint path or URL')
    .option('--inactive', 'make it inactive')
    .option('--active', 'make it active again')
    .option('--disposal <mode>', 'soft-delete, delete, move or categorise')
    .option('--folder <id>', 'folder for --disposal move')
    .option('--category <name>', 'category for --disposal categorise')
    .action(async (id: string, flags: ResourceFlags & { email?: string }, command: Command) =>
      withCliContext(command, async ({ inbox }) => {
        const updated = await inbox.resources.update(id, {
          ...(flags.email ? { email: flags.email } : {}),
          ...(flags.webhook ? { webhookTarget: flags.webhook } : {}),
          ...(flags.recovery ? { recoveryTarget: flags.recovery } : {}),
          ...(flags.inactive ? { inactive: true } : flags.active ? { inactive: false } : {}),
          ...(flags.disposal ? { disposal: disposalOf(flags) } : {}),
        });
        process.stdout.write(`updated ${line(updated)}\n`);
      }),
    );

  resources
    .command('remove')
    .argument('<id>', 'resource id')
    .description('stop watching a mailbox and delete its subscription')
    .action(async (id: string, _flags: unknown, command: Command) =>
      withCliContext(command, async ({ inbox }) => {
        await inbox.resources.remove(id);
        process.stdout.write(`removed ${id}\n`);
      }),
    );
}
