import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClientConfig } from '../config/index.js';
import { Secret } from '../config/index.js';
import { GraphAuthenticationFailed } from '../errors/index.js';
import { createSilentLogger } from '../shared/index.js';
import { createSimulator, demoTenant, type Simulator } from '../simulator/index.js';
import { createGraphClient } from './graph-client.js';
import { validateClient } from './validate-client.js';

const support = `support@${demoTenant.domain}`;
const sales = `sales@${demoTenant.domain}`;

const clientConfig = (overrides: Partial<ClientConfig> = {}): ClientConfig => ({
  name: 'demo',
  clientId: demoTenant.clientId,
  tenantId: demoTenant.tenantId,
  clientSecret: new Secret(demoTenant.clientSecret),
  clientSecretExpires: null,
  certificate: null,
  authorityHost: 'https://login.microsoftonline.com',
  graphEndpoint: 'https://graph.microsoft.com',
  ...overrides,
});

describe('Graph access against the simulator', () => {
  let sim: Simulator;
  let simUrl: string;
  const graphFor = (client: ClientConfig) =>
    createGraphClient({
      client,
      log: createSilentLogger(),
      simulatorUrl: simUrl,
      retry: { maxAttempts: 12, baseDelayMs: 20 },
    });
  const validate = (client: ClientConfig, mailboxes = [support]) =>
    validateClient({ client, graph: graphFor(client), mailboxes, autoRepliesEnabled: true });

  beforeAll(async () => {
    sim = createSimulator({ randomSeed: 42 });
    simUrl = (await sim.listen({ port: 0, host: '127.0.0.1' })).url;
  });
  afterAll(async () => sim.close());

  it('validation passes on the demo tenant, naming each check', async () => {
    const result = await validate(clientConfig(), [support, sales]);
    expect(result.ok).toBe(true);
    expect(result.checks.map((c) => c.name)).toEqual([
      'sign-in',
      'permission Mail.Read',
      'permission Mail.ReadBasic',
      'permission Mail.ReadWrite',
      'permission Mail.Send',
      `mailbox ${support}`,
      `mailbox ${sales}`,
    ]);
  });

  const signInFailures: Array<[string, Partial<ClientConfig>, string, RegExp]> = [
    ['a wrong secret', { clientSecret: new Secret('wrong-value') }, '7000215', /Value .*not its Secret ID/],
    [
      'an unknown app',
      { clientId: '00000000-0000-4000-8000-00000000abcd' },
      '700016',
      /not known in this tenant/,
    ],
    [
      'an unknown tenant',
      { tenantId: '11111111-2222-4333-8444-555555555555' },
      '90002',
      /tenant does not exist/,
    ],
    ['a malformed tenant', { tenantId: 'not a tenant!' }, '900023', /malformed/],
  ];
  for (const [what, overrides, code, hint] of signInFailures) {
    it(`names AADSTS${code} with plain advice for ${what}`, async () => {
      const result = await validate(clientConfig(overrides));
      expect(result.ok).toBe(false);
      expect(result.checks).toEqual([expect.objectContaining({ name: 'sign-in', ok: false })]);
      expect(result.checks[0]?.message).toContain(`AADSTS${code}`);
      expect(result.checks[0]?.hint).toMatch(hint);
      expect(JSON.stringify(result)).not.toContain(demoTenant.clientSecret);
    });
  }

  it('names AADSTS7000222 and says to create a new secret when the secret has expired', async () => {
    const app = sim.control.addApp(demoTenant.tenantId, { roles: ['Mail.Read'] });
    const expired = sim.control.addSecret(app.clientId, { expiresAt: '2020-01-01T00:00:00Z' });
    const result = await validate(
      clientConfig({ clientId: app.clientId, clientSecret: new Secret(expired.value) }),
    );
    expect(result.checks[0]?.message).toContain('AADSTS7000222');
    expect(result.checks[0]?.hint).toMatch(/expired.*new secret/);
  });

  it('names each missing permission with where to grant it', async () => {
    const app = sim.control.addApp(demoTenant.tenantId, {
      roles: ['Mail.ReadBasic'],
      secret: 'basic-only-secret-value',
    });
    const result = await validate(
      clientConfig({ clientId: app.clientId, clientSecret: new Secret('basic-only-secret-value') }),
    );
    const failed = result.checks.filter((c) => !c.ok).map((c) => c.name);
    expect(failed).toEqual(
      expect.arrayContaining(['permission Mail.Read', 'permission Mail.ReadWrite', 'permission Mail.Send']),
    );
    expect(result.checks.find((c) => c.name === 'permission Mail.Read')?.hint).toContain(
      'Grant admin consent',
    );
  });

  it('reports a mailbox outside the application access policy with a hint about the policy', async () => {
    const app = sim.control.addApp(demoTenant.tenantId, {
      roles: ['Mail.Read', 'Mail.ReadBasic', 'Mail.ReadWrite'],
      secret: 'policy-secret-value',
    });
    sim.control.setAccessPolicy(app.clientId, [sales]);
    const result = await validateClient({
      client: clientConfig({ clientId: app.clientId, clientSecret: new Secret('policy-secret-value') }),
      graph: graphFor(
        clientConfig({ clientId: app.clientId, clientSecret: new Secret('policy-secret-value') }),
      ),
      mailboxes: [support, sales],
      autoRepliesEnabled: false,
    });
    const blocked = result.checks.find((c) => c.name === `mailbox ${support}`);
    expect(blocked?.ok).toBe(false);
    expect(blocked?.hint).toContain('application access policy');
    expect(result.checks.find((c) => c.name === `mailbox ${sales}`)?.ok).toBe(true);
  });

  it('throws a coded authentication error with the AADSTS code from any operation', async () => {
    const graph = graphFor(clientConfig({ clientSecret: new Secret('wrong-value') }));
    const error = await graph.messages.get(support, 'x').catch((e: unknown) => e);
    expect(GraphAuthenticationFailed.is(error)).toBe(true);
    expect((error as { params: { aadsts: string } }).params.aadsts).toBe('7000215');
  });

  it('creates a subscription past a 4,230-minute limit by clamping to what Graph allows', async () => {
    const strict = createSimulator({ maxSubscriptionMinutes: 4230 });
    const { url } = await strict.listen({ port: 0, host: '127.0.0.1' });
    const receiver = createSimulator();
    try {
      const graph = createGraphClient({
        client: clientConfig(),
        log: createSilentLogger(),
        simulatorUrl: url,
      });
      // Any endpoint that echoes the validation token will do; the strict simulator's own control route does not,
      // so use a tiny echo server.
      const { createServer } = await import('node:http');
      const echo = createServer((req, res) => {
        const token = new URL(req.url ?? '/', 'http://x').searchParams.get('validationToken');
        res.writeHead(token ? 200 : 202, { 'content-type': 'text/plain' }).end(token ?? '');
      });
      await new Promise<void>((resolve) => echo.listen(0, '127.0.0.1', resolve));
      const port = (echo.address() as { port: number }).port;
      const created = await graph.subscriptions.create({
        mailbox: support,
        notificationUrl: `http://127.0.0.1:${port}/n`,
        lifecycleNotificationUrl: `http://127.0.0.1:${port}/l`,
        clientState: 'state',
        expirationMinutes: 10_070,
      });
      const minutes = (new Date(created.expirationDateTime).getTime() - Date.now()) / 60_000;
      expect(minutes).toBeGreaterThan(4200);
      expect(minutes).toBeLessThanOrEqual(4230);
      echo.close();
    } finally {
      await strict.close();
      await receiver.close();
    }
  });

  it('rides out 30% throttling over 1,000 calls with at most 4 requests in flight per mailbox', async () => {
    const mailboxes = ['a', 'b', 'c', 'd'].map((name) => {
      sim.control.addMailbox(demoTenant.tenantId, { address: `load-${name}` });
      return `load-${name}@${demoTenant.domain}`;
    });
    sim.control.setFaults([
      { kind: 'throttle', operation: 'mail-folder.get', probability: 0.2, retryAfterSeconds: 0.1 },
      { kind: 'throttle', operation: 'mail-folder.get', probability: 0.08, retryAfterSeconds: 0.5 },
      { kind: 'throttle', operation: 'mail-folder.get', probability: 0.02, retryAfterSeconds: 2 },
    ]);
    sim.control.clearRequestLog();
    const graph = graphFor(clientConfig());
    const calls = Array.from({ length: 1000 }, (_, i) => mailboxes[i % mailboxes.length] ?? support);
    const results = await Promise.all(
      calls.map((mailbox) =>
        graph.http.send({
          operation: 'mailbox.probe',
          method: 'GET',
          path: `/users/${mailbox}/mailFolders/inbox`,
          mailbox,
        }),
      ),
    );
    sim.control.clearFaults();
    expect(results.every((r) => r.status === 200)).toBe(true);
    const log = sim.control.requestLog({ kind: 'graph' });
    const throttled = log.filter((e) => e.status === 429).length;
    expect(throttled).toBeGreaterThan(200);
    for (const mailbox of mailboxes) {
      const entries = log.filter((e) => e.mailbox?.toLowerCase() === mailbox);
      let highest = 0;
      for (const entry of entries) {
        const inFlight = entries.filter(
          (o) => o.startedAt <= entry.startedAt && o.finishedAt > entry.startedAt,
        ).length;
        highest = Math.max(highest, inFlight);
      }
      expect(highest, mailbox).toBeLessThanOrEqual(4);
    }
    const counted = graph.stats.snapshot().byOperation['mailbox.probe'] ?? {};
    expect(counted['200']).toBe(1000);
    expect(counted['429']).toBe(throttled);
  }, 120_000);
});
