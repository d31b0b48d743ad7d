import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { createSimulator, demoTenant, type Simulator, type SimulatorOptions } from '../index.js';

/** Addresses of the demo mailboxes. */
export const support = `support@${demoTenant.domain}`;
export const sales = `sales@${demoTenant.domain}`;

/** Reads a fixture .eml from `src/simulator/fixtures`. */
export function readFixture(name: string): Promise<Buffer> {
  return readFile(fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url)));
}

/** A listening simulator on 127.0.0.1 with a random port. */
export async function startSimulator(
  options: SimulatorOptions = {},
): Promise<{ sim: Simulator; url: string }> {
  const sim = createSimulator({ randomSeed: 42, ...options });
  const { url } = await sim.listen({ port: 0 });
  return { sim, url };
}

/** Gets an access token with a client secret over HTTP. */
export async function getToken(
  url: string,
  input: { tenant?: string; clientId?: string; secret?: string } = {},
): Promise<string> {
  const response = await fetch(`${url}/${input.tenant ?? demoTenant.tenantId}/oauth2/v2.0/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      client_id: input.clientId ?? demoTenant.clientId,
      client_secret: input.secret ?? demoTenant.clientSecret,
      scope: 'https://graph.microsoft.com/.default',
      grant_type: 'client_credentials',
    }),
  });
  const body = (await response.json()) as { access_token?: string };
  if (!body.access_token) throw new Error(`no token: ${JSON.stringify(body)}`);
  return body.access_token;
}

/** A parsed Graph answer. */
export interface GraphAnswer {
  status: number;
  headers: Headers;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read arbitrary Graph JSON
  body: any;
  text: string;
}

/** A small Graph client for tests: relative paths under /v1.0, JSON in and out. */
export function graphClient(url: string, token: string) {
  return async (
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<GraphAnswer> => {
    const target = path.startsWith('http') ? path : `${url}/v1.0/${path.replace(/^\//, '')}`;
    const response = await fetch(target, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined
          ? {}
          : { 'content-type': typeof body === 'string' ? 'text/plain' : 'application/json' }),
        ...headers,
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = text;
    }
    return { status: response.status, headers: response.headers, body: parsed, text };
  };
}

/** What a receiver saw. */
export interface ReceivedRequest {
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  body: string;
  at: number;
}

/** How the test receiver answers validation requests. */
export type EchoMode = 'echo' | 'no-echo' | 'encoded' | 'forbidden' | 'silent';

/** A local notification receiver: answers the handshake per `mode` and records every POST. */
export async function startReceiver(options: { mode?: EchoMode; status?: () => number } = {}) {
  const mode = options.mode ?? 'echo';
  const received: ReceivedRequest[] = [];
  const hanging = new Set<ServerResponse>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://receiver');
      const token = url.searchParams.get('validationToken');
      received.push({
        path: url.pathname,
        query: url.searchParams,
        headers: req.headers,
        body: Buffer.concat(chunks).toString(),
        at: Date.now(),
      });
      if (token !== null) {
        if (mode === 'silent') return void hanging.add(res);
        if (mode === 'forbidden') return void res.writeHead(403).end();
        if (mode === 'no-echo') return void res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
        const answer = mode === 'encoded' ? encodeURIComponent(token) : token;
        return void res.writeHead(200, { 'content-type': 'text/plain' }).end(answer);
      }
      res.writeHead(options.status?.() ?? 202).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const notifications = () =>
    received
      .filter((r) => !r.query.has('validationToken'))
      .map((r) => ({ ...r, json: JSON.parse(r.body) as { value: Array<Record<string, unknown>> } }));
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    notifications,
    /** Waits (real time) until `predicate` holds. */
    async waitFor(predicate: () => boolean, timeoutMs = 3000): Promise<void> {
      const until = Date.now() + timeoutMs;
      while (!predicate()) {
        if (Date.now() > until) throw new Error('receiver: timed out waiting');
        await new Promise((r) => setTimeout(r, 10));
      }
    },
    async close(): Promise<void> {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Creates a subscription on the support Inbox pointing at a receiver. */
export function subscriptionBody(
  receiverUrl: string,
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    changeType: 'created',
    notificationUrl: `${receiverUrl}/notify?mailbox=support`,
    lifecycleNotificationUrl: `${receiverUrl}/lifecycle`,
    resource: `users/${support}/mailFolders('Inbox')/messages`,
    expirationDateTime: new Date(Date.now() + 3 * 24 * 3600_000).toISOString(),
    clientState: 'secret-client-state',
    ...overrides,
  };
}
