import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../', import.meta.url));
const src = join(root, 'src');

/**
 * Dependencies point downward only (DESIGN §3): a module may import modules of a lower rank.
 * The simulator stands beside the product and may use nothing but `shared`.
 */
const rank: Record<string, number> = {
  shared: 0,
  errors: 0,
  config: 1,
  egress: 1,
  store: 2,
  graph: 2,
  jobs: 3,
  handlers: 4,
  inbox: 5,
  // The helpdesk is a handler plug-in: it depends on the handler contract, and the pipeline knows nothing of it.
  helpdesk: 6,
  alerts: 6.5,
  http: 7,
  cli: 8,
};
const besides: Record<string, string[]> = { simulator: ['shared'], web: [] };
/** The one module that writes SQL on each table (docs/architecture.md, "Tables and their owners"). */
const tableOwners: Record<string, string> = {
  jobs: 'jobs',
  scheduled_runs: 'jobs',
  resources: 'inbox',
  resource_subscriptions: 'inbox',
  messages: 'inbox',
  message_events: 'inbox',
  delta_links: 'inbox',
  sync_runs: 'inbox',
  recovery_tasks: 'inbox',
  inbox_counters: 'inbox',
  graph_slots: 'inbox',
  graph_budget: 'inbox',
  helpdesks: 'helpdesk',
  helpdesk_statuses: 'helpdesk',
  helpdesk_types: 'helpdesk',
  helpdesk_notes: 'helpdesk',
  helpdesk_documents: 'helpdesk',
  helpdesk_message_ids: 'helpdesk',
  companies: 'helpdesk',
  persons: 'helpdesk',
  auto_reply_settings: 'helpdesk',
  auto_reply_log: 'helpdesk',
  users: 'http',
  user_groups: 'http',
  user_group_members: 'http',
  sessions: 'http',
  api_tokens: 'http',
  login_failures: 'http',
  auth_settings: 'http',
  audit_log: 'http',
  alert_rules: 'alerts',
  alert_episodes: 'alerts',
  alert_notifications: 'alerts',
};

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (name === 'node_modules' || name === 'fixtures') return [];
    return statSync(path).isDirectory() ? [path, ...walk(path)] : [path];
  });
}

const entries = walk(src);
const sourceFiles = entries.filter(
  (p) => p.endsWith('.ts') && !p.endsWith('.test.ts') && !p.endsWith('.d.ts'),
);

function moduleOf(path: string): string | null {
  const rel = relative(src, path).split('/');
  return rel.length > 1 ? (rel[0] ?? null) : null;
}

function relativeImports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const found = [...text.matchAll(/(?:from|import)\s*\(?\s*'(\.{1,2}\/[^']+)'/g)].map((m) => m[1] ?? '');
  return found.map((spec) => resolve(dirname(file), spec));
}

describe('architecture', () => {
  it('every folder under src/ is described in docs/architecture.md', () => {
    const doc = readFileSync(join(root, 'docs/architecture.md'), 'utf8');
    const folders = entries.filter((p) => statSync(p).isDirectory()).map((p) => `src/${relative(src, p)}/`);
    const missing = folders.filter((folder) => !doc.includes(`\`${folder}\``));
    expect(missing).toEqual([]);
  });

  it('modules import each other only through their index.ts front door', () => {
    const violations: string[] = [];
    for (const file of sourceFiles) {
      const from = moduleOf(file);
      for (const target of relativeImports(file)) {
        const to = moduleOf(target);
        if (to === null || to === from) continue;
        if (target !== join(src, to, 'index.js'))
          violations.push(`${relative(root, file)} → ${relative(root, target)}`);
      }
    }
    expect(violations).toEqual([]);
  });

  it('dependencies between modules point downward only', () => {
    const violations: string[] = [];
    for (const file of sourceFiles) {
      const from = moduleOf(file);
      if (from === null) continue;
      for (const target of relativeImports(file)) {
        const to = moduleOf(target);
        if (to === null || to === from) continue;
        const allowed =
          from in besides
            ? (besides[from] ?? []).includes(to)
            : to in rank && from in rank && (rank[to] ?? 99) < (rank[from] ?? -1);
        const cliMayRunSimulator = from === 'cli' && to === 'simulator';
        if (!allowed && !cliMayRunSimulator) violations.push(`${from} → ${to} (${relative(root, file)})`);
      }
    }
    expect(violations).toEqual([]);
  });

  it('handlers/ does not import helpdesk/: the helpdesk plugs into the handler contract, not the reverse', () => {
    const imports = sourceFiles
      .filter((file) => moduleOf(file) === 'handlers')
      .flatMap((file) =>
        relativeImports(file)
          .filter((target) => moduleOf(target) === 'helpdesk')
          .map((target) => `${relative(root, file)} → ${relative(root, target)}`),
      );
    expect(imports).toEqual([]);
  });

  it('the service is composed only by startService: tests and benchmarks never wire the inbox or the HTTP app', () => {
    // The API reference registers the routes over stand-ins to read the OpenAPI document; it serves nothing.
    const routesOnly = join(root, 'test/support/docs/render-api-reference.ts');
    const wiring = ['test', 'bench', 'examples']
      .flatMap((dir) => walk(join(root, dir)))
      .filter((file) => file.endsWith('.ts') && file !== routesOnly)
      .filter((file) => /\b(createInbox|buildHttpApp)\(/.test(readFileSync(file, 'utf8')));
    expect(wiring.map((f) => relative(root, f))).toEqual([]);
  });

  it('each table is queried only by the module that owns it (others call its functions)', () => {
    const violations: string[] = [];
    const tableCall =
      /\b(?:selectFrom|insertInto|replaceInto|mergeInto|updateTable|deleteFrom|innerJoin|leftJoin|rightJoin|fullJoin|crossJoin)\(\s*'([a-z_]+)/g;
    for (const file of sourceFiles) {
      const from = moduleOf(file);
      // Migrations create and reshape every table; that is the store's job.
      if (from === null || file.includes('/src/store/migrations/')) continue;
      for (const [, table] of readFileSync(file, 'utf8').matchAll(tableCall)) {
        const owner = tableOwners[table ?? ''];
        if (owner === undefined)
          violations.push(`${table} has no owner in this test (${relative(root, file)})`);
        else if (owner !== from)
          violations.push(`${from} queries ${owner}'s ${table} (${relative(root, file)})`);
      }
    }
    expect(violations).toEqual([]);
  });

  it('docs/architecture.md lists the same table owners as this test', () => {
    const doc = readFileSync(join(root, 'docs/architecture.md'), 'utf8');
    const listed: Record<string, string> = {};
    for (const [, owner, tables] of doc.matchAll(/^- `([a-z]+)` owns (.+)\.$/gm))
      for (const [, table] of (tables ?? '').matchAll(/`([a-z_]+)`/g)) listed[table ?? ''] = owner ?? '';
    expect(listed).toEqual(tableOwners);
  });

  it('raw sql`…` templates name only tables of their own module', () => {
    const violations: string[] = [];
    const template = /\bsql(?:<[\s\S]*?>)?`([^`]*)`/g;
    const tableWord = /\b(?:from|into|update|join)\s+([a-z_]+)/gi;
    for (const file of sourceFiles) {
      const from = moduleOf(file);
      if (from === null || file.includes('/src/store/migrations/')) continue;
      for (const [, body] of readFileSync(file, 'utf8').matchAll(template)) {
        for (const [, word] of (body ?? '').matchAll(tableWord)) {
          // Other words after FROM are functions or aliases (`generate_series`, a CTE): not tables.
          const owner = tableOwners[word ?? ''];
          if (owner !== undefined && owner !== from)
            violations.push(`${from} queries ${owner}'s ${word} in raw SQL (${relative(root, file)})`);
        }
      }
    }
    expect(violations).toEqual([]);
  });

  it('coded errors are defined only in the catalog, so docs/errors.md lists them all', () => {
    const outside = sourceFiles.filter(
      (file) => !file.includes('/src/errors/') && /\bdefineError\s*[<(]/.test(readFileSync(file, 'utf8')),
    );
    expect(outside.map((f) => relative(root, f))).toEqual([]);
  });

  it('process.env is read only in src/config/', () => {
    const readers = sourceFiles.filter(
      (file) => !file.includes('/src/config/') && /process\.env/.test(readFileSync(file, 'utf8')),
    );
    expect(readers.map((f) => relative(root, f))).toEqual([]);
  });
});
