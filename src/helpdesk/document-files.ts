import { mkdir, open, rename, unlink } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import { Readable } from 'node:stream';
import { HelpdeskDocumentWriteFailed } from '../errors/index.js';

/** What a document's bytes may come from: bytes in memory, a stream, or a function opening one. */
export type DocumentContent = Uint8Array | string | Readable | (() => Promise<Readable>);

/** A file written under the data dir, ready for its row. */
interface StoredFile {
  /** Relative to the data dir, with `/`, always under `documents/`. */
  storedPath: string;
  sizeBytes: number;
}

/** Where document bytes live: `<dataDir>/documents/<yyyy-mm>/<document id>-<safe name>`. */
export interface DocumentFiles {
  /** Writes the bytes to a temporary file, flushes it to disk, then renames it to its final name. */
  write(input: { id: string; fileName: string; content: DocumentContent; now: Date }): Promise<StoredFile>;
  /** The absolute path of a stored document; throws for a path that would leave `documents/`. */
  absolutePath(storedPath: string): string;
}

const maxNameLength = 100;

/**
 * A file name that cannot leave its folder or upset a file system: no directory part (`../../etc/passwd`
 * becomes `passwd`), no control or reserved characters, no leading dots, no Windows device names.
 */
export function safeFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  let safe = base
    .normalize('NFC')
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f<>:"|?*]/g, '_')
    .replace(/^[.\s]+/, '')
    .replace(/[.\s]+$/, '');
  if (/^(con|prn|aux|nul|com\d|lpt\d)(\.|$)/i.test(safe)) safe = `_${safe}`;
  if (safe.length > maxNameLength) {
    const extension = /\.[^.]{1,10}$/.exec(safe)?.[0] ?? '';
    safe = safe.slice(0, maxNameLength - extension.length) + extension;
  }
  return safe === '' ? 'attachment' : safe;
}

/** Document storage under `dataDir`; a crash leaves at most an orphaned file, never a row without its file. */
export function createDocumentFiles(options: { dataDir: string }): DocumentFiles {
  const dataDir = resolve(options.dataDir);
  const root = join(dataDir, 'documents');

  const inside = (path: string): string => {
    const absolute = resolve(dataDir, path);
    if (!absolute.startsWith(root + sep)) throw new Error(`${path} is outside ${root}`);
    return absolute;
  };

  return {
    absolutePath: inside,
    async write({ id, fileName, content, now }) {
      const month = now.toISOString().slice(0, 7);
      const finalPath = inside(join('documents', month, `${id}-${safeFileName(fileName)}`));
      const tmpPath = join(root, 'tmp', `${id}.part`);
      try {
        await mkdir(join(root, 'tmp'), { recursive: true });
        await mkdir(join(root, month), { recursive: true });
        const sizeBytes = await writeDurably(tmpPath, await openContent(content));
        await rename(tmpPath, finalPath);
        await syncDirectory(join(root, month));
        return { storedPath: relative(dataDir, finalPath).split(sep).join('/'), sizeBytes };
      } catch (error) {
        await unlink(tmpPath).catch(() => undefined);
        const reason = error instanceof Error ? error.message : String(error);
        throw HelpdeskDocumentWriteFailed.create({ fileName, reason }, { cause: error });
      }
    },
  };
}

async function openContent(content: DocumentContent): Promise<Readable> {
  if (typeof content === 'function') return content();
  if (content instanceof Readable) return content;
  return Readable.from([typeof content === 'string' ? Buffer.from(content, 'utf8') : Buffer.from(content)]);
}

/** Streams to `path` and fsyncs, so the rename that follows publishes complete bytes only. */
async function writeDurably(path: string, source: Readable): Promise<number> {
  const file = await open(path, 'wx');
  let size = 0;
  try {
    for await (const chunk of source) {
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : (chunk as Buffer);
      await file.write(bytes);
      size += bytes.length;
    }
    await file.sync();
  } finally {
    await file.close();
  }
  return size;
}

/** Makes the rename durable; some platforms (Windows) cannot open a directory, which is harmless there. */
async function syncDirectory(path: string): Promise<void> {
  const dir = await open(path, 'r').catch(() => null);
  if (!dir) return;
  try {
    await dir.sync().catch(() => undefined);
  } finally {
    await dir.close();
  }
}
