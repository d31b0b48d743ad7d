import type { Alerts } from '../../../src/alerts/index.js';
import { buildHttpApp } from '../../../src/http/index.js';
import type { Inbox } from '../../../src/inbox/index.js';
import type { AssigneeDirectory, HelpdeskStore } from '../../../src/helpdesk/index.js';
import { createSilentLogger, systemClock } from '../../../src/shared/index.js';
import type { Store } from '../../../src/store/index.js';

interface Operation {
  summary?: string;
  parameters?: Array<{ name: string; in: string; required: boolean }>;
  requestBody?: {
    content: {
      'application/json': { schema: { properties?: Record<string, unknown>; required?: string[] } };
    };
  };
}

/**
 * `docs/api.md`, rendered from the OpenAPI document the running service serves. Routes are only registered, never
 * called, so the services behind them can be empty stand-ins here.
 */
export async function renderApiReference(): Promise<string> {
  const token = 'docs-render-token-0123456789';
  const app = await buildHttpApp({
    log: createSilentLogger(),
    readiness: async () => [],
    inbox: {
      intake: {},
      lifecycle: {},
      deps: { store: {}, config: { server: { dataDir: '' } } },
    } as unknown as Inbox,
    helpdesk: {} as HelpdeskStore,
    assignees: {} as AssigneeDirectory,
    alerts: {} as Alerts,
    adminToken: token,
    access: { store: {} as Store, clock: systemClock, secureCookies: false },
  });
  const response = await app.inject({
    method: 'GET',
    url: '/api/openapi.json',
    headers: { authorization: `Bearer ${token}` },
  });
  await app.close();
  const doc = response.json() as { paths: Record<string, Record<string, Operation>> };
  const lines = [
    '# Admin API reference',
    '',
    'Generated from the OpenAPI 3.1 document the service serves at `/api/openapi.json` (`npm run docs:generate`; a',
    'test fails when this page is stale). Every route needs a signed-in session (with the `x-csrf-token` header on',
    'changes) or `Authorization: Bearer <API token>`; see [admin-ui.md](admin-ui.md). Errors answer',
    '`{"error":{"code","message","requestId"}}` with a code from [errors.md](errors.md).',
    '',
    '| method | path | what it does | parameters | body fields |',
    '|---|---|---|---|---|',
  ];
  for (const path of Object.keys(doc.paths).sort()) {
    for (const [method, op] of Object.entries(doc.paths[path] ?? {})) {
      const params = (op.parameters ?? [])
        .map((p) => `\`${p.name}\`${p.required ? '' : '?'} (${p.in})`)
        .join(', ');
      const schema = op.requestBody?.content['application/json'].schema;
      const required = new Set(schema?.required ?? []);
      const fields = Object.keys(schema?.properties ?? {})
        .map((f) => `\`${f}\`${required.has(f) ? '' : '?'}`)
        .join(', ');
      lines.push(
        `| ${method.toUpperCase()} | \`${path}\` | ${op.summary ?? ''} | ${params || '—'} | ${fields || '—'} |`,
      );
    }
  }
  return `${lines.join('\n')}\n`;
}
