import type { FastifyInstance } from 'fastify';

/** Outcome of one readiness check (database reachable, migrations applied …). */
export interface ReadinessCheck {
  name: string;
  ok: boolean;
  message: string;
}

/** Answers whether the service can do its work now. */
export type ReadinessProbe = () => Promise<ReadinessCheck[]>;

/** `/healthz`: the process is alive. `/readyz`: every readiness check passes (503 otherwise). */
export function registerHealthRoutes(app: FastifyInstance, deps: { readiness: ReadinessProbe }): void {
  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_request, reply) => {
    const checks = await deps.readiness();
    const ready = checks.every((check) => check.ok);
    return reply.status(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not-ready', checks });
  });
}
