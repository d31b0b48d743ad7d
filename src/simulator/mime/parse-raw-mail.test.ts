import { describe, expect, it } from 'vitest';
import { readFixture } from '../test-support/helpers.js';
import { parseRawMail, readHeaderBlock } from './parse-raw-mail.js';

const now = Date.parse('2026-03-03T16:00:00Z');

describe('parseRawMail', () => {
  it('decodes a non-UTF-8 charset in headers and body', async () => {
    const mail = await parseRawMail(await readFixture('latin1.eml'), now);
    expect(mail.subject).toBe('Grüße aus Köln');
    expect(mail.from).toEqual({ emailAddress: { name: 'Jürgen Müller', address: 'juergen@example.de' } });
    expect(mail.bodyHtml).toBe(false);
    expect(mail.body).toContain('die Straßenbahn fährt nicht mehr über die Brücke.');
  });

  it('keeps every header of an out-of-office reply, in order, as sent', async () => {
    const raw = await readFixture('out-of-office.eml');
    const mail = await parseRawMail(raw, now);
    expect(mail.headers).toEqual(readHeaderBlock(raw));
    expect(mail.headers).toContainEqual({ name: 'Auto-Submitted', value: 'auto-replied' });
    expect(mail.headers).toContainEqual({ name: 'X-Auto-Response-Suppress', value: 'All' });
  });

  it('unfolds folded headers', async () => {
    const headers = readHeaderBlock(await readFixture('plain.eml'));
    expect(headers[0]?.value).toBe(
      'from mail.example.org (mail.example.org [203.0.113.5]) by mx.contoso-demo.onmicrosoft.com with ESMTPS id 4f2a; Tue, 3 Mar 2026 10:00:02 +0000',
    );
  });

  it('exposes the parts of a delivery status notification as attachments', async () => {
    const mail = await parseRawMail(await readFixture('bounce-dsn.eml'), now);
    expect(mail.subject).toBe('Undelivered Mail Returned to Sender');
    expect(mail.body).toContain('User unknown');
    expect(mail.attachments.map((a) => a.contentType)).toEqual([
      'message/delivery-status',
      'text/rfc822-headers',
    ]);
    expect(mail.hasAttachments).toBe(true);
  });

  it('prefers the HTML part and keeps cid: links', async () => {
    const mail = await parseRawMail(await readFixture('html-inline-image.eml'), now);
    expect(mail.bodyHtml).toBe(true);
    expect(mail.body).toContain('cid:screenshot@example.org');
    expect(mail.cc).toEqual([{ emailAddress: { name: 'carol@example.org', address: 'carol@example.org' } }]);
    expect(mail.sentMs).toBe(Date.parse('2026-03-03T10:15:00Z'));
  });
});
