import type { FastifyPluginAsync } from 'fastify';
import { originOf } from '../entra/discovery.js';
import type { GraphRequest, GraphResponse } from './context.js';
import { unreadableJson } from './pipeline.js';

/** Decodes a request body by its Content-Type: JSON, text, or bytes. */
export function decodeBody(contentType: string | undefined, raw: Buffer | undefined): unknown {
  if (!raw || raw.length === 0) return undefined;
  const type = (contentType ?? '').toLowerCase();
  if (type.includes('json')) {
    try {
      return JSON.parse(raw.toString('utf8'));
    } catch {
      return unreadableJson;
    }
  }
  if (type.startsWith('text/')) return raw.toString('utf8');
  return raw;
}

/** Mounts Graph v1.0 at `/v1.0/*`; every request goes through the pipeline. */
export const graphPlugin: FastifyPluginAsync<{
  dispatch: (request: GraphRequest) => Promise<GraphResponse>;
}> = async (app, { dispatch }) => {
  // Graph answers bad JSON with its own error shape, so bodies are parsed by the pipeline, not by Fastify.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: 150 * 1024 * 1024 }, (_req, body, done) =>
    done(null, body),
  );

  app.all('/v1.0/*', async (request, reply) => {
    const origin = originOf(request);
    const url = new URL(request.url, origin);
    const headers: Record<string, string | undefined> = {};
    for (const [name, value] of Object.entries(request.headers)) {
      headers[name] = Array.isArray(value) ? value.join(', ') : value;
    }
    const response = await dispatch({
      method: request.method,
      path: url.pathname.replace(/^\/v1\.0\/?/, ''),
      query: url.searchParams,
      headers,
      body: decodeBody(request.headers['content-type'], request.body as Buffer | undefined),
      origin,
    });
    reply.code(response.status).headers(response.headers ?? {});
    if (response.body === undefined) return reply.send();
    if (Buffer.isBuffer(response.body) || typeof response.body === 'string') return reply.send(response.body);
    return reply.send(JSON.stringify(response.body));
  });
};
