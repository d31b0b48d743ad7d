import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';

/** A mail of the simulator's fixtures with its own subject and Message-ID, so each test makes its own ticket. */
export async function freshFixture(name: string): Promise<{ raw: Buffer; subject: string; text: string }> {
  const text = await readFile(new URL(`../../../src/simulator/fixtures/${name}`, import.meta.url), 'utf8');
  const tag = randomUUID().slice(0, 8);
  let subject = '';
  // Only the first Subject and Message-ID are the mail's own; later ones belong to an attached mail.
  const fresh = text
    .replace(/^Subject: (.*)$/m, (_, original: string) => {
      subject = `${original} ${tag}`;
      return `Subject: ${subject}`;
    })
    .replace(/^Message-ID: <[^>]*>$/m, `Message-ID: <${tag}@example.org>`);
  return { raw: Buffer.from(fresh, 'utf8'), subject, text: fresh };
}

/** The attached mail of `attachments.eml` as its MIME part carries it (from its first header to the boundary). */
export function attachedMailOf(text: string): string {
  const start = text.indexOf('From: "Dave"');
  const end = text.indexOf('\n--mixed-boundary--');
  return text.slice(start, end);
}

/** Text with CRLF line ends as LF and no trailing blank lines, to compare MIME that may travel either way. */
export function normalisedLines(text: string): string {
  return text.replace(/\r\n/g, '\n').trimEnd();
}
