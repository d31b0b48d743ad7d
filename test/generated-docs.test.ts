import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { generatedDocs, renderFormatted } from './support/docs/generated-docs.js';

describe('generated documentation', () => {
  for (const doc of generatedDocs()) {
    const name = doc.path.split('/').slice(-2).join('/');
    it(`${name} matches the code (run npm run docs:generate when this fails)`, async () => {
      expect(readFileSync(doc.path, 'utf8')).toBe(await renderFormatted(doc));
    });
  }
});
