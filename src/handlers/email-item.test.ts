import { describe, expect, it } from 'vitest';
import { graphMessage } from '../../test/support/mail/graph-messages.js';
import { buildEmailData, EmailItem } from './index.js';

const message = graphMessage({
  subject: 'RE: Printer broken [abc123]',
  from: 'Anna Andersson <Anna@Example.org>',
  to: ['Support <support@contoso.com>', 'sales@contoso.com'],
  cc: ['Bert <bert@example.org>'],
  html: '<p>See <img src="cid:shot@example.org"></p>',
  internetMessageId: '<reply-1@example.org>',
  conversationId: 'AAQkAGI2conv',
  inReplyTo: '<orig-1@contoso.com>',
  references: ['<root@contoso.com>', '<orig-1@contoso.com>'],
  headers: { 'X-Custom-Flag': 'one' },
  extra: {
    replyTo: [{ emailAddress: { name: 'Anna', address: 'anna.private@example.org' } }],
    custom_field_1: 'gold',
  },
});

const item = new EmailItem(
  buildEmailData({
    message,
    subscriptionEmail: 'Support@Contoso.com',
    attachments: [
      {
        name: 'shot.png',
        content: 'png',
        contentType: 'image/png',
        isInline: true,
        contentId: '<shot@example.org>',
      },
      {
        name: 'terms.pdf',
        content: 'pdf',
        contentType: 'application/pdf',
        isInline: true,
        contentId: 'terms@example.org',
      },
      { name: 'photo.jpg', content: 'jpg', contentType: 'image/jpeg', isInline: false },
    ],
    mime: 'Subject: RE: Printer broken\r\n\r\nbody',
    ledgerId: 'ledger-7',
    attempt: 2,
  }),
);

describe('EmailItem', () => {
  it('exposes the Graph message fields in idiomatic names', () => {
    expect(item.subject).toBe('RE: Printer broken [abc123]');
    expect(item.bodyPreview).toBe('See ');
    expect(item.subscriptionEmail).toBe('support@contoso.com');
    expect(item.from).toEqual({ name: 'Anna Andersson', address: 'Anna@Example.org' });
    expect(item.sender).toEqual(item.from);
    expect(item.to.map((a) => a.address)).toEqual(['support@contoso.com', 'sales@contoso.com']);
    expect(item.cc).toEqual([{ name: 'Bert', address: 'bert@example.org' }]);
    expect(item.replyTo).toEqual([{ name: 'Anna', address: 'anna.private@example.org' }]);
    expect(item.receivedDateTime).toBe('2026-03-03T10:15:00Z');
    expect(item.internetMessageId).toBe('<reply-1@example.org>');
    expect(item.conversationId).toBe('AAQkAGI2conv');
    expect(item.ledgerId).toBe('ledger-7');
    expect(item.attempt).toBe(2);
  });

  it('gives the body as HTML and as text', () => {
    expect(item.body).toEqual({
      contentType: 'html',
      html: '<p>See <img src="cid:shot@example.org"></p>',
      text: 'See',
    });
  });

  it('reads headers case-insensitively and the threading headers as Message-IDs', () => {
    expect(item.header('x-custom-flag')).toBe('one');
    expect(item.header('X-CUSTOM-FLAG')).toBe('one');
    expect(item.header('x-missing')).toBeNull();
    expect(item.headerValues('received')).toHaveLength(1);
    expect(item.inReplyTo).toBe('<orig-1@contoso.com>');
    expect(item.references).toEqual(['<root@contoso.com>', '<orig-1@contoso.com>']);
  });

  it('judges inline attachments by the cid: references of the HTML, not by Graph flag alone', () => {
    expect(item.attachments.map((a) => [a.name, a.isInline, a.reportedInline])).toEqual([
      ['shot.png', true, true],
      ['terms.pdf', false, true],
      ['photo.jpg', false, false],
    ]);
  });

  it('reads attachment bytes and the raw MIME on demand', async () => {
    expect((await item.attachments[1]?.bytes())?.toString()).toBe('pdf');
    expect((await item.mime()).toString()).toContain('Subject: RE: Printer broken');
  });

  it('gives custom_select fields by name, case-insensitively', () => {
    expect(item.field('custom_field_1')).toBe('gold');
    expect(item.field('CUSTOM_FIELD_1')).toBe('gold');
    expect(item.field('nope')).toBeUndefined();
  });

  it('reports processed, auto-reply, bounce and bulk flags', () => {
    expect([item.isProcessed, item.isAutoreply, item.isBounce, item.isBulk]).toEqual([
      false,
      false,
      false,
      false,
    ]);
    const ooo = new EmailItem(
      buildEmailData({
        message: graphMessage({
          subject: 'Automatic reply: Printer',
          from: 'anna@example.org',
          text: 'away',
        }),
        subscriptionEmail: 'support@contoso.com',
        isProcessed: true,
      }),
    );
    expect([ooo.isProcessed, ooo.isAutoreply, ooo.isBounce]).toEqual([true, true, false]);
  });

  it('counts a bounce as an automatic reply too', () => {
    const bounce = new EmailItem(
      buildEmailData({
        message: graphMessage({
          subject: 'Undeliverable: Printer',
          from: 'postmaster@contoso.com',
          text: 'failed',
        }),
        subscriptionEmail: 'support@contoso.com',
      }),
    );
    expect([bounce.isBounce, bounce.isAutoreply, bounce.signals.bounce.length]).toEqual([true, true, 2]);
  });

  it('tolerates a message without optional fields', () => {
    const bare = new EmailItem(
      buildEmailData({ message: { id: 'x' }, subscriptionEmail: 'support@contoso.com' }),
    );
    expect([bare.subject, bare.from, bare.to, bare.headers, bare.inReplyTo, bare.uniqueBody]).toEqual([
      '',
      null,
      [],
      [],
      null,
      null,
    ]);
    expect(bare.body).toEqual({ contentType: 'text', html: null, text: '' });
  });
});
