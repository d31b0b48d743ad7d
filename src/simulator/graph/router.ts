import type { GraphRoute } from './context.js';

/**
 * Splits an OData path into segments, turning key syntax into plain segments:
 * `users('a@b.c')/mailFolders('Inbox')/messages` → `users`, `a@b.c`, `mailFolders`, `Inbox`, `messages`.
 */
export function splitODataPath(path: string): string[] {
  const out: string[] = [];
  for (const raw of path.split('/')) {
    if (raw === '') continue;
    let segment: string;
    try {
      segment = decodeURIComponent(raw);
    } catch {
      segment = raw;
    }
    const keyed = /^([^(]+)\((?:'((?:[^']|'')*)'|([^)']*))\)$/.exec(segment);
    if (keyed) {
      out.push(keyed[1] ?? '', (keyed[2] ?? keyed[3] ?? '').replace(/''/g, "'"));
    } else {
      out.push(segment);
    }
  }
  return out;
}

/** The outcome of routing a request. */
export type RouteMatch =
  | { kind: 'found'; route: GraphRoute; params: Record<string, string> }
  | { kind: 'method-not-allowed' }
  | { kind: 'not-found'; segment: string };

interface CompiledRoute {
  route: GraphRoute;
  segments: string[];
  literals: number;
}

/** A router over a table of Graph routes; more literal segments win over parameters. */
export function createGraphRouter(
  routes: readonly GraphRoute[],
): (method: string, path: string) => RouteMatch {
  const compiled: CompiledRoute[] = routes
    .map((route) => {
      const segments = route.pattern.split('/').map((s) => (s.startsWith(':') ? s : s.toLowerCase()));
      return { route, segments, literals: segments.filter((s) => !s.startsWith(':')).length };
    })
    .sort((a, b) => b.literals - a.literals);

  const matchSegments = (segments: string[], path: string[]): Record<string, string> | undefined => {
    if (segments.length !== path.length) return undefined;
    const params: Record<string, string> = {};
    for (let i = 0; i < segments.length; i++) {
      const want = segments[i] ?? '';
      const got = path[i] ?? '';
      if (want.startsWith(':')) params[want.slice(1)] = got;
      else if (want !== got.toLowerCase()) return undefined;
    }
    return params;
  };

  return (method, path) => {
    const segments = splitODataPath(path);
    let pathMatched = false;
    for (const entry of compiled) {
      const params = matchSegments(entry.segments, segments);
      if (!params) continue;
      if (entry.route.method === method.toUpperCase()) return { kind: 'found', route: entry.route, params };
      pathMatched = true;
    }
    if (pathMatched) return { kind: 'method-not-allowed' };
    return { kind: 'not-found', segment: segments[segments.length - 1] ?? '' };
  };
}
