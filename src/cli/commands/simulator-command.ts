import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { createLogger } from '../../shared/index.js';
import { createSimulator, type SimulatorInfo, type SimulatorSeed } from '../../simulator/index.js';

interface RunOptions {
  port: string;
  host: string;
  seed?: string;
  randomSeed?: string;
  maxSubscriptionMinutes?: string;
  timeScale?: string;
}

interface SendOptions {
  to: string;
  url: string;
  subject?: string;
  from?: string;
  body?: string;
  folder?: string;
}

function numberOption(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n)) throw new Error(`${name} must be a number, got '${value}'`);
  return n;
}

async function readSeed(file: string): Promise<SimulatorSeed> {
  const seed = JSON.parse(await readFile(file, 'utf8')) as SimulatorSeed;
  if (!Array.isArray(seed.tenants)) throw new Error(`${file}: a seed needs a "tenants" array`);
  return seed;
}

function describe(url: string, info: SimulatorInfo): string {
  const lines = [`Simulator listening on ${url}`, `Graph:   ${url}/v1.0`, `Control: ${url}/_sim/info`, ''];
  for (const tenant of info.tenants) {
    lines.push(
      `Tenant ${tenant.domain}`,
      `  tenant id:      ${tenant.id}`,
      `  token endpoint: ${url}${tenant.tokenPath}`,
    );
    for (const app of tenant.apps) {
      lines.push(
        `  app ${app.displayName}`,
        `    client id:    ${app.clientId}`,
        `    roles:        ${app.roles.join(', ')}`,
      );
      for (const secret of app.secrets)
        lines.push(`    secret:       ${secret.value} (expires ${secret.expiresAt})`);
    }
    for (const mailbox of tenant.mailboxes)
      lines.push(`  mailbox ${mailbox.userPrincipalName} (${mailbox.id})`);
  }
  lines.push(
    '',
    `Random seed ${info.randomSeed}; max subscription lifetime ${info.maxSubscriptionMinutes} minutes.`,
  );
  return lines.join('\n');
}

async function runSimulator(options: RunOptions): Promise<void> {
  const sim = createSimulator({
    seed: options.seed ? await readSeed(options.seed) : undefined,
    randomSeed: numberOption(options.randomSeed, '--random-seed'),
    maxSubscriptionMinutes: numberOption(options.maxSubscriptionMinutes, '--max-subscription-minutes'),
    timeScale: numberOption(options.timeScale, '--time-scale'),
    log: createLogger({ level: 'warn' }),
  });
  const { url } = await sim.listen({
    port: numberOption(options.port, '--port') ?? 5055,
    host: options.host,
  });
  console.log(describe(url, sim.control.info()));
  const stop = (): void => {
    void sim.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

async function sendMail(file: string | undefined, options: SendOptions): Promise<void> {
  let body: string | Uint8Array<ArrayBuffer>;
  let contentType: string;
  if (file) {
    body = new Uint8Array(await readFile(file));
    contentType = 'message/rfc822';
  } else {
    body = JSON.stringify({
      subject: options.subject ?? '(no subject)',
      from: { emailAddress: { address: options.from ?? 'someone@example.org' } },
      toRecipients: [{ emailAddress: { address: options.to } }],
      body: { contentType: 'text', content: options.body ?? '' },
    });
    contentType = 'application/json';
  }
  const base = options.url.replace(/\/$/, '');
  const query = options.folder ? `?folder=${encodeURIComponent(options.folder)}` : '';
  const response = await fetch(`${base}/_sim/users/${encodeURIComponent(options.to)}/messages${query}`, {
    method: 'POST',
    headers: { 'content-type': contentType },
    body,
  });
  const text = await response.text();
  if (!response.ok) {
    console.error(`The simulator refused the message (${response.status}): ${text}`);
    process.exitCode = 1;
    return;
  }
  const delivered = JSON.parse(text) as {
    id: string;
    mailbox: string;
    folder: string;
    internetMessageId: string;
  };
  console.log(`Delivered to ${delivered.mailbox} (${delivered.folder}): ${delivered.id}`);
  console.log(`Internet message id: ${delivered.internetMessageId}`);
}

/** Adds `ms-inbox simulator` (run the Graph + Entra simulator) and `ms-inbox simulator send` (deliver a mail to it). */
export function registerSimulatorCommand(program: Command): void {
  const simulator = program
    .command('simulator')
    .description('Run the Microsoft Graph + Entra simulator standalone (offline demo and development)')
    .option('--port <n>', 'port to listen on (0 picks a free one)', '5055')
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--seed <file>', 'JSON seed with tenants, apps and mailboxes (default: the demo tenant)')
    .option('--random-seed <n>', 'seed for faults and ids, to replay a run')
    .option('--max-subscription-minutes <n>', 'longest subscription lifetime accepted (default 10070)')
    .option('--time-scale <factor>', 'simulated milliseconds per real millisecond (default 1)')
    .action((options: RunOptions) => runSimulator(options));

  simulator
    .command('send')
    .description('Deliver a mail (an .eml file, or --subject/--from/--body) to a running simulator')
    .argument('[file]', 'raw RFC 822 message (.eml)')
    .requiredOption('--to <address>', 'mailbox to deliver to, e.g. support@contoso-demo.onmicrosoft.com')
    .option('--url <url>', 'simulator base URL', 'http://127.0.0.1:5055')
    .option('--subject <text>', 'subject, when no file is given')
    .option('--from <address>', 'sender address, when no file is given')
    .option('--body <text>', 'plain-text body, when no file is given')
    .option('--folder <name>', 'well-known folder or folder id (default: inbox)')
    .action((file: string | undefined, options: SendOptions) => sendMail(file, options));
}
