import { randomBytes } from 'node:crypto';
import { withDemoSettings, type AppConfig } from '../../config/index.js';
import type { HandlerDirectory, MailHandler } from '../../handlers/index.js';
import { findOldestTicket } from '../../helpdesk/index.js';
import { createAuth } from '../../http/index.js';
import type { Clock, Logger } from '../../shared/index.js';
import { createSimulator, demoTenant, type Simulator } from '../../simulator/index.js';
import { startService, type RunningService } from '../service.js';
import { demoMails, readDemoFixture, type DemoMail } from './demo-mails.js';

/** A running demo: the simulator, the service, and the trickle of mails. */
interface RunningDemo {
  service: RunningService;
  simulator: Simulator;
  /** The generated admin token to print, or null when the configuration has its own (never printed). */
  adminToken: string | null;
  /** The demo user's sign-in for the admin UI (a fresh password every start). */
  login: { username: string; password: string };
  stop(): Promise<void>;
}

const mailboxOf = (box: 'support' | 'sales') => `${box}@${demoTenant.domain}`;

/** Fails the first attempt of the chosen demo mails, so the admin has one Failed mail to retry. */
function failingOnce(directory: HandlerDirectory, subjects: Set<string>): HandlerDirectory {
  return {
    ...directory,
    resolve(target) {
      const inner = directory.resolve(target);
      if (!inner) return null;
      const wrapped: MailHandler = async (call) => {
        if (
          call.kind === 'notification' &&
          call.email.attempt === 1 &&
          subjects.has(String(call.email.message.subject))
        ) {
          throw new Error(
            'Customer number 48213 was not found in the CRM (demo failure: retry this mail in the admin)',
          );
        }
        return inner(call);
      };
      return wrapped;
    },
  };
}

async function ensureDemoResources(service: RunningService, log: Logger): Promise<void> {
  const existing = await service.inbox.resources.list('demo');
  for (const box of ['support', 'sales'] as const) {
    const email = mailboxOf(box);
    const found = existing.find((r) => r.email === email);
    if (!found) {
      await service.inbox.resources.add({
        clientName: 'demo',
        email,
        webhookTarget: '/inbox/',
        recoveryTarget: '/inbox/recover/',
      });
    } else {
      // The simulator starts empty every time: the subscription of an earlier run is gone and is recreated.
      const result = await service.inbox.subscriptions.ensure(found.id, { force: true });
      log.info({ email, outcome: result.outcome }, 'demo resource subscribed');
    }
  }
}

/** The demo's admin user `demo`, with a new random password each start (printed once, never logged). */
async function ensureDemoUser(
  service: RunningService,
  clock: Clock,
): Promise<{ username: string; password: string }> {
  const auth = createAuth({ store: service.store, clock, configuredAdminToken: null, secureCookies: false });
  const username = 'demo';
  const password = randomBytes(9).toString('base64url');
  const existing = (await auth.users.list()).some((user) => user.username === username);
  if (existing) await auth.users.setPassword(username, password);
  else await auth.users.add({ username, password, role: 'admin', displayName: 'Demo admin' });
  return { username, password };
}

async function deliver(simulator: Simulator, service: RunningService, mail: DemoMail): Promise<void> {
  const to = mailboxOf(mail.to);
  if ('fixture' in mail) {
    await simulator.control.deliver(to, await readDemoFixture(mail.fixture));
    return;
  }
  let subject = 'subject' in mail ? mail.subject : '';
  if ('replyToFirstTicket' in mail) {
    const first = await findOldestTicket(service.store.db);
    subject = first ? `RE: ${first.title} [${first.number}]` : 'RE: Cannot log in to the customer portal';
  }
  await simulator.control.deliver(to, {
    subject,
    body: { contentType: 'html', content: mail.html },
    from: { emailAddress: { name: mail.from[0], address: mail.from[1] } },
    toRecipients: [{ emailAddress: { address: to } }],
  });
}

/**
 * `npm start` without clients: starts the simulator's demo tenant in this process, points the service at it,
 * watches support@ and sales@ with the built-in handler, and sends a trickle of realistic mail.
 */
export async function startDemo(input: {
  config: AppConfig;
  log: Logger;
  clock: Clock;
  port: number;
  host: string;
  intervalMs?: number;
}): Promise<RunningDemo> {
  const simulator = createSimulator();
  const { url: simulatorUrl } = await simulator.listen({ port: 0, host: '127.0.0.1' });
  const generatedToken = input.config.server.adminToken ? null : randomBytes(16).toString('hex');
  const config = withDemoSettings(input.config, {
    client: {
      name: 'demo',
      clientId: demoTenant.clientId,
      tenantId: demoTenant.tenantId,
      clientSecret: demoTenant.clientSecret,
    },
    simulatorUrl,
    publicUrl: `http://127.0.0.1:${input.port}`,
    adminToken: generatedToken ?? '',
  });
  const failFirst = new Set(demoMails.flatMap((m) => ('failFirst' in m && m.failFirst ? [m.subject] : [])));
  const service = await startService({
    config,
    log: input.log,
    clock: input.clock,
    role: 'all',
    host: input.host,
    port: input.port,
    wrapHandlers: (directory) => failingOnce(directory, failFirst),
  });
  await ensureDemoResources(service, input.log);
  const login = await ensureDemoUser(service, input.clock);

  let next = 0;
  let counter = 0;
  const intervalMs = input.intervalMs ?? 1_200;
  const timer = setInterval(() => {
    const mail: DemoMail =
      demoMails[next] ??
      ({
        to: counter % 2 ? 'sales' : 'support',
        subject: `Question #${(counter += 1)}: how do I export my data?`,
        from: ['Demo Customer', `customer${counter}@example.org`],
        html: '<p>How can I export all my data to CSV?</p>',
      } satisfies DemoMail);
    next += 1;
    // After the scripted mails, one new request every 15 intervals keeps the admin alive.
    if (next > demoMails.length && next % 15 !== 0) return;
    deliver(simulator, service, mail).catch((error: unknown) =>
      input.log.warn({ err: error }, 'demo mail not delivered'),
    );
  }, intervalMs);
  timer.unref();

  return {
    service,
    simulator,
    adminToken: generatedToken,
    login,
    async stop() {
      clearInterval(timer);
      await service.stop();
      await simulator.close();
    },
  };
}
