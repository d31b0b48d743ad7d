import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import type { FastifyInstance, FastifyReply } from 'fastify';

/**
 * The UI's Content-Security-Policy: scripts only from this origin (no inline script, no eval), no plugins, no
 * framing of the UI. Inline styles stay allowed because mail HTML shown in the sandboxed frame needs them.
 */
const uiContentSecurityPolicy = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "frame-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

/** The embeddable widget keeps one stable name so a page needs only one script tag. */
const widgetFile = 'ms-inbox-status.js';

function notBuilt(reply: FastifyReply) {
  return reply
    .status(503)
    .type('text/plain; charset=utf-8')
    .send('The admin UI is not built. Run `npm run build:web` (npm start does it), then reload.\n');
}

/** Serves the built admin UI under `/admin` (public files: the data all comes from the authenticated API). */
export function registerWebRoutes(app: FastifyInstance, deps: { webRoot: string }): void {
  const root = resolve(deps.webRoot);
  const security = (reply: FastifyReply) =>
    reply
      .header('content-security-policy', uiContentSecurityPolicy)
      .header('x-content-type-options', 'nosniff')
      .header('referrer-policy', 'no-referrer')
      .header('cross-origin-opener-policy', 'same-origin');

  const sendFile = async (reply: FastifyReply, relative: string) => {
    const path = normalize(join(root, relative));
    // Never serve outside the build folder, whatever the URL says (`..`, encoded slashes, absolute paths).
    if (!path.startsWith(root + sep) || relative.includes('\0')) return null;
    const info = await stat(path).catch(() => null);
    if (!info?.isFile()) return null;
    const type = contentTypes[extname(path)] ?? 'application/octet-stream';
    security(reply).type(type);
    if (relative === 'index.html') void reply.header('cache-control', 'no-store');
    else if (relative === widgetFile) {
      void reply.header('cache-control', 'max-age=300').header('access-control-allow-origin', '*');
    } else void reply.header('cache-control', 'public, max-age=31536000, immutable');
    return reply.send(await readFile(path));
  };

  const index = async (_request: unknown, reply: FastifyReply) =>
    (await sendFile(reply, 'index.html')) ?? notBuilt(reply);

  app.get('/admin', { config: { access: 'public' } }, async (_request, reply) => reply.redirect('/admin/'));
  app.get('/admin/', { config: { access: 'public' } }, index);
  app.get('/admin/*', { config: { access: 'public' } }, async (request, reply) => {
    const relative = (request.params as { '*': string })['*'];
    const sent = await sendFile(reply, relative);
    if (sent) return sent;
    // Unknown non-asset paths get the app (deep links); unknown assets are a plain 404.
    if (relative.startsWith('assets/') || extname(relative)) {
      return reply.status(404).type('text/plain; charset=utf-8').send('Not found\n');
    }
    return index(request, reply);
  });
}
