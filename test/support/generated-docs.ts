import { fileURLToPath } from 'node:url';
import { format, resolveConfig } from 'prettier';
import { renderErrorCatalogMarkdown } from '../../src/errors/index.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

interface GeneratedDoc {
  path: string;
  render: () => string;
}

/** Documentation pages rendered from code: `npm run docs:generate` writes them, a test checks they are current. */
export function generatedDocs(): GeneratedDoc[] {
  return [{ path: `${root}docs/errors.md`, render: renderErrorCatalogMarkdown }];
}

/** The page as it must be on disk: rendered, then formatted by the project's prettier settings. */
export async function renderFormatted(doc: GeneratedDoc): Promise<string> {
  const options = (await resolveConfig(doc.path)) ?? {};
  return format(doc.render(), { ...options, filepath: doc.path });
}
