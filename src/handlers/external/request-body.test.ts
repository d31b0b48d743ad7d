import { describe, expect, it } from 'vitest';
import { fileAttachment, handlerCall } from './fixtures/handler-call.js';
import { buildRequestBody, deliveryIdOf } from './request-body.js';

const limits = { eachBytes: 100, totalBytes: 250 };

describe('buildRequestBody', () => {
  it('mirrors the seed email_data: Graph fields, subscriptionEmail, isProcessed and attachments', async () => {
    const body = await buildRequestBody(handlerCall({ attempt: 3 }), limits);
    expect(body).toMatchObject({
      deliveryId: deliveryIdOf('ledger-42', 'notification'),
      attempt: 3,
      kind: 'notification',
      resource: { id: 'res-1', clientName: 'contoso', email: 'support@contoso.example' },
      email: {
        subject: 'Printer on fire [abc123]',
        bodyPreview: 'It is on fire',
        internetMessageId: '<m1@customer.example>',
        subscriptionEmail: 'support@contoso.example',
        isProcessed: false,
        attachments: [],
      },
    });
  });

  it('small attachments travel inline as base64, large ones are flagged contentOmitted', async () => {
    const small = Buffer.from('small file content');
    const call = handlerCall({
      attachments: [
        fileAttachment('small.txt', small, { contentType: 'text/plain', isInline: true, contentId: 'cid-1' }),
        fileAttachment('large.bin', Buffer.alloc(101, 1)),
      ],
    });
    const { email } = await buildRequestBody(call, limits);
    expect(email.attachments).toEqual([
      {
        id: 'att-small.txt',
        name: 'small.txt',
        contentType: 'text/plain',
        size: small.length,
        isInline: true,
        contentId: 'cid-1',
        kind: 'file',
        contentBytes: small.toString('base64'),
      },
      expect.objectContaining({ name: 'large.bin', contentOmitted: true, contentOmittedReason: 'tooLarge' }),
    ]);
    expect(email.attachments[1]).not.toHaveProperty('contentBytes');
  });

  it('attachments that would pass the total inline limit are omitted, later small ones still fit', async () => {
    const call = handlerCall({
      attachments: [
        fileAttachment('a', Buffer.alloc(100)),
        fileAttachment('b', Buffer.alloc(100)),
        fileAttachment('c', Buffer.alloc(100)),
        fileAttachment('d', Buffer.alloc(50)),
      ],
    });
    const { email } = await buildRequestBody(call, limits);
    expect(email.attachments.map((a) => a.contentOmittedReason ?? 'inline')).toEqual([
      'inline',
      'inline',
      'totalLimitReached',
      'inline',
    ]);
  });

  it('an attachment larger than Graph reported is omitted instead of overrunning the limit', async () => {
    const call = handlerCall({ attachments: [fileAttachment('liar', Buffer.alloc(500), { size: 10 })] });
    const { email } = await buildRequestBody(call, limits);
    expect(email.attachments[0]).toMatchObject({ contentOmitted: true, contentOmittedReason: 'tooLarge' });
  });

  it('an attached mail travels as its MIME in base64, a reference attachment as metadata only', async () => {
    const mime = Buffer.from('Subject: Original question\r\n\r\nCan you check?\r\n');
    const call = handlerCall({
      attachments: [
        fileAttachment('Original question', mime, { kind: 'item', contentType: 'message/rfc822' }),
        fileAttachment('Budget.xlsx', Buffer.alloc(0), {
          kind: 'reference',
          open: () => Promise.reject(new Error('a reference attachment has no $value')),
        }),
      ],
    });
    const { email } = await buildRequestBody(call, limits);
    expect(email.attachments[0]).toMatchObject({
      kind: 'item',
      contentType: 'message/rfc822',
      contentBytes: mime.toString('base64'),
    });
    expect(email.attachments[0]).not.toHaveProperty('contentOmitted');
    expect(email.attachments[1]).toMatchObject({
      kind: 'reference',
      contentOmitted: true,
      contentOmittedReason: 'notAFile',
    });
  });

  it('ms-inbox fields win over same-named Graph fields', async () => {
    const call = handlerCall({
      message: { subject: 's', attachments: [{ stale: true }], isProcessed: true },
    });
    const { email } = await buildRequestBody(call, limits);
    expect(email.attachments).toEqual([]);
    expect(email.isProcessed).toBe(false);
  });
});

describe('deliveryIdOf', () => {
  it('is a UUID, the same for every attempt of a mail and different for recovery', () => {
    const id = deliveryIdOf('ledger-42', 'notification');
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(deliveryIdOf('ledger-42', 'notification')).toBe(id);
    expect(deliveryIdOf('ledger-42', 'recovery')).not.toBe(id);
    expect(deliveryIdOf('ledger-43', 'notification')).not.toBe(id);
  });
});
