import { LineCounter, parseDocument } from 'yaml';
import { filePath, type Problems } from './problems.js';

const hints: Record<string, string> = {
  BAD_DQ_ESCAPE:
    'inside double quotes write each backslash twice ("C:\\\\MyFolder\\\\MyCert.pem") or use single quotes',
  TAB_AS_INDENT: 'indent with spaces, not tabs',
  DUPLICATE_KEY: 'a key appears twice in the same mapping',
};

/** Parses YAML text into plain data; syntax errors are recorded with line and column, and give `undefined`. */
export function readYamlDocument(text: string, problems: Problems): { data: unknown } | undefined {
  const lineCounter = new LineCounter();
  // prettyErrors would quote the offending line, which may hold a secret; we report line and column only.
  const document = parseDocument(text, { prettyErrors: false, lineCounter, uniqueKeys: true });
  for (const error of document.errors) {
    const { line, col } = lineCounter.linePos(error.pos[0]);
    const hint = hints[error.code];
    problems.error(
      filePath,
      `YAML syntax error at line ${line}, column ${col}: ${error.message}${hint === undefined ? '' : ` (${hint})`}`,
    );
  }
  for (const warning of document.warnings) {
    const { line, col } = lineCounter.linePos(warning.pos[0]);
    problems.warn(filePath, `YAML warning at line ${line}, column ${col}: ${warning.message}`);
  }
  if (document.errors.length > 0) return undefined;
  try {
    return { data: document.toJS({ maxAliasCount: 100 }) };
  } catch (error) {
    problems.error(
      filePath,
      `YAML could not be read: ${error instanceof Error ? error.message : String(error)}`,
    );
    return undefined;
  }
}
