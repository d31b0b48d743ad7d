import type { ConfigProblem } from './types.js';

/** Path of problems that concern the file as a whole rather than one key. */
export const filePath = '(file)';

/** Collects errors and warnings so that every problem is reported at once. */
export interface Problems {
  readonly errors: ConfigProblem[];
  readonly warnings: ConfigProblem[];
  error(path: string, message: string): void;
  warn(path: string, message: string): void;
}

/** Creates an empty problem collector. */
export function createProblems(): Problems {
  const errors: ConfigProblem[] = [];
  const warnings: ConfigProblem[] = [];
  return {
    errors,
    warnings,
    error: (path, message) => void errors.push({ path, message }),
    warn: (path, message) => void warnings.push({ path, message }),
  };
}

/** Joins key path segments with dots, skipping empty ones. */
function joinPath(...segments: ReadonlyArray<PropertyKey>): string {
  return segments
    .map(String)
    .filter((segment) => segment !== '')
    .join('.');
}

/** True for a YAML mapping (a plain object after parsing). */
export function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Records zod issues as errors under `basePath`. */
export function addSchemaIssues(
  problems: Problems,
  basePath: string,
  issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }>,
): void {
  for (const issue of issues) problems.error(joinPath(basePath, ...issue.path), issue.message);
}

const normalise = (key: string): string => key.toLowerCase().replace(/[^a-z0-9]/g, '');

/** Warns about every key of `mapping` that is not in `known`, suggesting the key that was probably meant. */
export function warnUnknownKeys(
  problems: Problems,
  basePath: string,
  mapping: unknown,
  known: readonly string[],
): void {
  if (!isMapping(mapping)) return;
  for (const key of Object.keys(mapping)) {
    if (known.includes(key)) continue;
    const meant = known.find((candidate) => normalise(candidate) === normalise(key));
    problems.warn(
      joinPath(basePath, key),
      meant === undefined ? 'unknown key; ignored' : `unknown key; ignored (did you mean ${meant}?)`,
    );
  }
}

/** Returns the variable's trimmed value, or undefined when it is unset or blank. */
export function readEnv(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === undefined || value === '' ? undefined : value;
}
