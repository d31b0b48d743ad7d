import type { FastifyInstance, RouteOptions } from 'fastify';

interface OperationDoc {
  summary?: string;
  parameters: Array<{ name: string; in: 'path' | 'query'; required: boolean; schema: unknown }>;
  requestBody?: unknown;
  responses: Record<string, unknown>;
  security: Array<Record<string, string[]>>;
}

type Schema = { properties?: Record<string, unknown>; required?: string[] } | undefined;

const parametersOf = (schema: Schema, where: 'path' | 'query') =>
  Object.entries(schema?.properties ?? {}).map(([name, property]) => ({
    name,
    in: where,
    required: where === 'path' || (schema?.required ?? []).includes(name),
    schema: property,
  }));

/** Collects the admin routes' schemas into an OpenAPI 3.1 document served at `/api/openapi.json`. */
export function collectOpenApi(app: FastifyInstance, info: { title: string; version: string }) {
  const paths: Record<string, Record<string, OperationDoc>> = {};
  app.addHook('onRoute', (route: RouteOptions) => {
    if (!route.url.startsWith('/api/') || route.url === '/api/openapi.json') return;
    const schema = (route.schema ?? {}) as {
      summary?: string;
      params?: Schema;
      querystring?: Schema;
      body?: unknown;
    };
    const path = route.url.replace(/:(\w+)/g, '{$1}');
    for (const method of [route.method].flat()) {
      if (method === 'HEAD') continue;
      (paths[path] ??= {})[method.toLowerCase()] = {
        summary: schema.summary,
        parameters: [...parametersOf(schema.params, 'path'), ...parametersOf(schema.querystring, 'query')],
        ...(schema.body
          ? { requestBody: { required: true, content: { 'application/json': { schema: schema.body } } } }
          : {}),
        responses: {
          default: {
            description:
              'Success, or an error `{"error":{"code","message","requestId"}}` (see docs/errors.md)',
          },
        },
        security: [{ bearer: [] }],
      };
    }
  });
  return () => ({
    openapi: '3.1.0',
    info,
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    paths,
  });
}

declare module 'fastify' {
  interface FastifySchema {
    /** One line describing the route in the OpenAPI document. */
    summary?: string;
  }
}
