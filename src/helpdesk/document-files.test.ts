import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, sep } from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDocumentFiles, safeFileName } from './document-files.js';

describe('document files', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'msi-docs-'));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('give attachments safe names without directories or reserved characters', () => {
    expect(safeFileName('../../etc/passwd')).toBe('passwd');
    expect(safeFileName('..\\..\\windows\\system.ini')).toBe('system.ini');
    expect(safeFileName('..')).toBe('attachment');
    expect(safeFileName('.htaccess')).toBe('htaccess');
    expect(safeFileName('a<b>:c"d|e?f*g\u0001.txt')).toBe('a_b__c_d_e_f_g_.txt');
    expect(safeFileName('CON.txt')).toBe('_CON.txt');
    expect(safeFileName(`${'x'.repeat(300)}.pdf`)).toMatch(/^x{96}\.pdf$/);
    expect(safeFileName('Offert 2026 – Åkesson.pdf')).toBe('Offert 2026 – Åkesson.pdf');
  });

  it('store a file named ../../etc/passwd inside the data dir', async () => {
    const files = createDocumentFiles({ dataDir });
    const stored = await files.write({
      id: 'doc-1',
      fileName: '../../etc/passwd',
      content: 'root:x:0:0',
      now: new Date('2026-03-03T10:00:00Z'),
    });
    expect(stored).toEqual({ storedPath: 'documents/2026-03/doc-1-passwd', sizeBytes: 10 });
    const absolute = files.absolutePath(stored.storedPath);
    expect(absolute.startsWith(resolve(dataDir) + sep)).toBe(true);
    expect(readFileSync(absolute, 'utf8')).toBe('root:x:0:0');
  });

  it('streams content and leaves no temporary file behind', async () => {
    const files = createDocumentFiles({ dataDir });
    const chunks = [Buffer.from('part one, '), Buffer.from('part two')];
    const stored = await files.write({
      id: 'doc-2',
      fileName: 'report.txt',
      content: async () => Readable.from(chunks),
      now: new Date('2026-03-03T10:00:00Z'),
    });
    expect(stored.sizeBytes).toBe(18);
    expect(readdirSync(join(dataDir, 'documents', 'tmp'))).toEqual([]);
  });

  it('reports a failed write as a coded error and removes the partial file', async () => {
    const files = createDocumentFiles({ dataDir });
    const failing = new Readable({
      read() {
        this.destroy(new Error('connection reset'));
      },
    });
    await expect(
      files.write({ id: 'doc-3', fileName: 'big.bin', content: failing, now: new Date() }),
    ).rejects.toMatchObject({ code: 'MSI_HELPDESK_DOCUMENT_WRITE_FAILED' });
    expect(existsSync(join(dataDir, 'documents', 'tmp', 'doc-3.part'))).toBe(false);
  });

  it('refuses to resolve a stored path outside the documents folder', () => {
    const files = createDocumentFiles({ dataDir });
    expect(() => files.absolutePath('documents/../ms-inbox.db')).toThrow();
    expect(() => files.absolutePath('/etc/passwd')).toThrow();
  });
});
