/**
 * The baseline of P1: a bare Fastify server in its own process that parses the same JSON bodies and answers 202,
 * as ms-inbox does, with nothing behind it. Says `{ type: 'ready', url }` over IPC.
 */
import Fastify from 'fastify';

const app = Fastify({ logger: false, bodyLimit: 1024 * 1024 });
app.post('/graph/notifications', async (_request, reply) => reply.status(202).send());
await app.listen({ port: 0, host: '127.0.0.1' });
const address = app.server.address();
const port = typeof address === 'object' && address ? address.port : 0;
process.on('disconnect', () => process.exit(0));
process.send?.({ type: 'ready', url: `http://127.0.0.1:${port}` });
