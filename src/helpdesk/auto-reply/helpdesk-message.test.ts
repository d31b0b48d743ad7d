import { describe, expect, it } from 'vitest';
import { getHelpdeskMessage } from './helpdesk-message.js';
import { escapeHtml, indexMergeCodes, replaceMergeCodes } from './merge-codes.js';

const helpdesk = { number: 'abc123', title: 'Printer broken', subscriptionEmail: 'support@contoso.com' };
const mail = {
  subject: 'RE: Printer <b>broken</b>',
  internetMessageId: '<m2@example.org>',
  references: ['<m0@example.org>', '<m1@example.org>'],
  from: { name: 'Anna Berg', address: 'Anna@Example.org' },
};

describe('getHelpdeskMessage (the seed get_helpdesk_message)', () => {
  it('gives merge codes, from address, recipient, subject `title [number]` and headers', () => {
    const message = getHelpdeskMessage(helpdesk, 'helpdesk@contoso.com', { mail });
    expect(message).toEqual({
      mergeCodes: {
        $$helpdesknumber$$: 'abc123',
        $$helpdesktitle$$: 'Printer broken',
        $$subject$$: 'RE: Printer <b>broken</b>',
        $$sendername$$: 'Anna Berg',
        $$senderaddress$$: 'anna@example.org',
      },
      fromEmail: 'support@contoso.com',
      recipient: { name: 'Anna Berg', email: 'anna@example.org' },
      subject: 'Printer broken [abc123]',
      headers: {
        'Auto-Submitted': 'auto-replied',
        'X-Auto-Response-Suppress': 'All',
        'In-Reply-To': '<m2@example.org>',
        References: '<m0@example.org> <m1@example.org> <m2@example.org>',
      },
    });
  });

  it('falls back to the default from address and to the helpdesk person when there is no mail', () => {
    const message = getHelpdeskMessage(
      { ...helpdesk, subscriptionEmail: null, person: { value: { name: 'Bo', email: 'bo@example.org' } } },
      'Helpdesk@Contoso.com',
      { mergeCodes: { '$$my.custom.merge_code$$': 'This is just for fun' } },
    );
    expect(message.fromEmail).toBe('helpdesk@contoso.com');
    expect(message.recipient).toEqual({ name: 'Bo', email: 'bo@example.org' });
    expect(message.mergeCodes['$$my.custom.merge_code$$']).toBe('This is just for fun');
    expect(message.headers).toEqual({ 'Auto-Submitted': 'auto-replied', 'X-Auto-Response-Suppress': 'All' });
  });

  it('has no recipient and no from address when nothing names them', () => {
    const message = getHelpdeskMessage({ ...helpdesk, subscriptionEmail: null }, null);
    expect(message.recipient).toBeNull();
    expect(message.fromEmail).toBeNull();
  });
});

describe('merge codes', () => {
  const codes = indexMergeCodes(getHelpdeskMessage(helpdesk, null, { mail }).mergeCodes, {
    $$Custom$$: '$$helpdesknumber$$',
  });

  it('are replaced as plain text, case-insensitively, in one pass', () => {
    expect(replaceMergeCodes('[$$HelpdeskNumber$$] $$custom$$', codes)).toBe('[abc123] $$helpdesknumber$$');
  });

  it('are HTML-escaped in HTML templates', () => {
    expect(replaceMergeCodes('<p>$$subject$$</p>', codes, { html: true })).toBe(
      '<p>RE: Printer &lt;b&gt;broken&lt;/b&gt;</p>',
    );
    expect(escapeHtml(`"a" & 'b'`)).toBe('&quot;a&quot; &amp; &#39;b&#39;');
  });

  it('leave unknown codes as written, and take a plain record too', () => {
    expect(replaceMergeCodes('$$nope$$ $$x$$', { x: '1' })).toBe('$$nope$$ 1');
  });
});
