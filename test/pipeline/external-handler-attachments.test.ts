import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExternalRequestBody } from '../../src/handlers/external/request-body.js';
import { startReceiver, type TestReceiver } from '../../src/handlers/external/fixtures/receiver.js';
import { attachedMailOf, freshFixture, normalisedLines } from '../support/mail/attachment-mails.js';
import { startPipeline, supportAddress, type PipelineHarness } from '../support/pipeline/pipeline-harness.js';
import { testDatabases } from '../support/test-databases.js';
import { waitFor } from '../support/wait-for.js';

for (const database of testDatabases()) {
  describe(`attachments posted to an external handler on ${database.name}`, () => {
    let harness: PipelineHarness;
    let receiver: TestReceiver;

    /** The JSON body the external handler received for the mail with `subject`. */
    const bodyFor = async (subject: string): Promise<ExternalRequestBody> => {
      const find = () =>
        receiver.requests
          .map((r) => JSON.parse(r.body.toString('utf8')) as ExternalRequestBody)
          .find((b) => b.email.subject === subject);
      await waitFor(`the external handler to receive "${subject}"`, () => find() !== undefined);
      return find() as ExternalRequestBody;
    };

    beforeAll(async () => {
      receiver = await startReceiver(() => ({ status: 200, body: '{}' }));
      harness = await startPipeline({
        database,
        // The receiver runs on this machine: loopback is allowed explicitly, as in development.
        env: {
          MS_INBOX_HANDLER_SECRET: 'external-attachments-secret-0123456789',
          MS_INBOX_EGRESS_ALLOW: '127.0.0.1',
        },
      });
      const created = await harness.api('POST', '/api/resources', {
        clientName: 'demo',
        email: supportAddress,
        webhookTarget: receiver.url,
        recoveryTarget: receiver.url,
      });
      expect(created.status).toBe(201);
      await waitFor('a subscription', () => harness.sim.control.listSubscriptions().length === 1);
    });
    afterAll(async () => {
      await harness?.stop();
      await receiver?.close();
    });

    it('a forwarded mail reaches the handler as base64 message/rfc822 content, not as notAFile', async () => {
      const mail = await freshFixture('attachments.eml');
      await harness.sim.control.deliver(supportAddress, mail.raw);
      const { attachments } = (await bodyFor(mail.subject)).email;
      expect(attachments.map((a) => [a.kind, a.name, a.contentType])).toEqual([
        ['file', 'invoice-4711.pdf', 'application/pdf'],
        ['item', 'Original invoice question', 'message/rfc822'],
      ]);
      const item = attachments[1];
      expect(item).not.toHaveProperty('contentOmitted');
      expect(item).not.toHaveProperty('contentOmittedReason');
      const mime = Buffer.from(item?.contentBytes ?? '', 'base64').toString('utf8');
      expect(normalisedLines(mime)).toBe(normalisedLines(attachedMailOf(mail.text)));
    });

    it('an inline cid: image reaches the handler with its contentId, so the handler can match it to the HTML', async () => {
      const mail = await freshFixture('html-inline-image.eml');
      await harness.sim.control.deliver(supportAddress, mail.raw);
      const { attachments } = (await bodyFor(mail.subject)).email;
      expect(attachments).toEqual([
        expect.objectContaining({
          kind: 'file',
          name: 'screenshot.png',
          isInline: true,
          contentId: 'screenshot@example.org',
        }),
      ]);
    });
  });
}
