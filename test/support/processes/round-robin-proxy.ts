import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';

/** A load balancer in front of several ms-inbox processes. */
export interface RoundRobinProxy {
  url: string;
  /** Requests forwarded, per backend URL. */
  forwarded: Map<string, number>;
  close(): Promise<void>;
}

/**
 * Forwards each request to the next backend in turn; a backend that refuses the connection is skipped for
 * this request (as a load balancer's health check would), so one dead instance does not fail Graph's POSTs.
 */
export async function startRoundRobinProxy(backends: string[], port = 0): Promise<RoundRobinProxy> {
  let next = 0;
  const forwarded = new Map<string, number>();

  const forward = (incoming: IncomingMessage, body: Buffer, response: ServerResponse, tries: number) => {
    if (tries >= backends.length) {
      response.writeHead(502).end();
      return;
    }
    const backend = backends[next++ % backends.length] ?? '';
    const target = new URL(incoming.url ?? '/', backend);
    const outgoing = httpRequest(
      target,
      { method: incoming.method, headers: { ...incoming.headers, host: target.host } },
      (answer) => {
        forwarded.set(backend, (forwarded.get(backend) ?? 0) + 1);
        response.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(response);
      },
    );
    outgoing.on('error', () => {
      if (!response.headersSent) forward(incoming, body, response, tries + 1);
      else response.destroy();
    });
    outgoing.end(body);
  };

  const server = createServer((incoming, response) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => forward(incoming, Buffer.concat(chunks), response, 0));
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const address = server.address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
  return {
    url: `http://127.0.0.1:${actualPort}`,
    forwarded,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
