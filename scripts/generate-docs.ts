/** Regenerates the documentation pages that are derived from code. */
import { writeFileSync } from 'node:fs';
import { generatedDocs, renderFormatted } from '../test/support/docs/generated-docs.js';

try {
  for (const doc of generatedDocs()) {
    writeFileSync(doc.path, await renderFormatted(doc));
    console.log(`wrote ${doc.path}`);
  }
} catch (error) {
  console.error('docs:generate failed:', error);
  process.exitCode = 1;
}
