import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attachedMailOf, freshFixture, normalisedLines } from '../support/mail/attachment-mails.js';
import {
  salesAddress,
  startPipeline,
  supportAddress,
  type PipelineHarness,
} from '../support/pipeline/pipeline-harness.js';
import { testDatabases } from '../support/test-databases.js';
import { waitFor } from '../support/wait-for.js';

interface TicketPage {
  items: Array<{ id: string; title: string }>;
}
interface TicketDocument {
  fileName: string;
  contentType: string;
  storedPath: string;
  kind: string;
}

const inlineDocumentsHandler = fileURLToPath(
  new URL('../support/handlers/inline-documents-handler.ts', import.meta.url),
);
// The 1×1 PNG of html-inline-image.eml.
const screenshotPng = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);

for (const database of testDatabases()) {
  describe(`attachments kept by the built-in helpdesk on ${database.name}`, () => {
    let harness: PipelineHarness;

    /** Delivers the mail to `mailbox` and answers the documents of the ticket it becomes, by file name. */
    const documentsOf = async (mailbox: string, mail: { raw: Buffer; subject: string }) => {
      await harness.sim.control.deliver(mailbox, mail.raw);
      let ticketId: string | undefined;
      await waitFor(`a ticket for "${mail.subject}"`, async () => {
        const page = await harness.api<TicketPage>('GET', '/api/helpdesk/tickets?pageSize=200');
        ticketId = page.body.items.find((t) => t.title === mail.subject)?.id;
        return ticketId !== undefined;
      });
      const detail = await harness.api<{ documents: TicketDocument[] }>(
        'GET',
        `/api/helpdesk/tickets/${ticketId}`,
      );
      return detail.body.documents.sort((a, b) => a.fileName.localeCompare(b.fileName));
    };
    const bytesOf = (document: TicketDocument | undefined) =>
      readFile(join(harness.dataDir, document?.storedPath ?? 'missing'));

    beforeAll(async () => {
      harness = await startPipeline({ database, env: { MS_INBOX_HANDLERS_DIR: inlineDocumentsHandler } });
      for (const [email, target] of [
        [supportAddress, '/inbox/'],
        [salesAddress, '/inline-documents/'],
      ] as const) {
        const created = await harness.api('POST', '/api/resources', {
          clientName: 'demo',
          email,
          webhookTarget: target,
          recoveryTarget: target,
        });
        expect(created.status).toBe(201);
      }
      await waitFor('two subscriptions', () => harness.sim.control.listSubscriptions().length === 2);
    });
    afterAll(async () => harness?.stop());

    it('an image the HTML shows through cid: is not kept as a document', async () => {
      const mail = await freshFixture('html-inline-image.eml');
      expect(await documentsOf(supportAddress, mail)).toEqual([]);
    });

    it('with includeInlineAttachments the cid: image is kept as a document with its bytes', async () => {
      const mail = await freshFixture('html-inline-image.eml');
      const documents = await documentsOf(salesAddress, mail);
      expect(documents.map((d) => [d.fileName, d.contentType])).toEqual([['screenshot.png', 'image/png']]);
      expect(await bytesOf(documents[0])).toEqual(screenshotPng);
    });

    it('a forwarded mail is kept as one .eml document named after its subject, next to the file attachment', async () => {
      const mail = await freshFixture('attachments.eml');
      const documents = await documentsOf(supportAddress, mail);
      expect(documents.map((d) => [d.fileName, d.contentType, d.kind])).toEqual([
        ['invoice-4711.pdf', 'application/pdf', 'attachment'],
        ['Original invoice question.eml', 'message/rfc822', 'attachment'],
      ]);
      expect((await bytesOf(documents[0])).toString('latin1')).toMatch(/^%PDF-1\.4/);
      const eml = (await bytesOf(documents[1])).toString('utf8');
      expect(normalisedLines(eml)).toBe(normalisedLines(attachedMailOf(mail.text)));
    });
  });
}
