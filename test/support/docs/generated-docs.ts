import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { format, resolveConfig } from 'prettier';
import { renderConfigurationReference } from '../../../src/config/index.js';
import { renderErrorCatalogMarkdown } from '../../../src/errors/index.js';
import { renderApiReference } from './render-api-reference.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));

interface GeneratedDoc {
  path: string;
  /** The whole page, or — with `section` — the text between the section's markers in the hand-written page. */
  render: () => string | Promise<string>;
  section?: string;
}

/** Documentation rendered from code: `npm run docs:generate` writes it, a test checks it is current. */
export function generatedDocs(): GeneratedDoc[] {
  return [
    { path: `${root}docs/errors.md`, render: renderErrorCatalogMarkdown },
    { path: `${root}docs/api.md`, render: renderApiReference },
    {
      path: `${root}docs/configuration.md`,
      render: renderConfigurationReference,
      section: 'configuration-reference',
    },
  ];
}

const markers = (section: string) =>
  [`<!-- generated:${section}:start -->`, `<!-- generated:${section}:end -->`] as const;

/** The page as it must be on disk: rendered (into its section), then formatted by the project's prettier settings. */
export async function renderFormatted(doc: GeneratedDoc): Promise<string> {
  const rendered = await doc.render();
  let text = rendered;
  if (doc.section) {
    const [start, end] = markers(doc.section);
    const current = readFileSync(doc.path, 'utf8');
    const from = current.indexOf(start);
    const to = current.indexOf(end);
    if (from < 0 || to < from) throw new Error(`${doc.path} lacks the markers ${start} … ${end}`);
    text = `${current.slice(0, from + start.length)}\n\n${rendered}\n\n${current.slice(to)}`;
  }
  const options = (await resolveConfig(doc.path)) ?? {};
  return format(text, { ...options, filepath: doc.path });
}
