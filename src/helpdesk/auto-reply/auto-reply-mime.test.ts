import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { buildAutoReplyMime, newMessageId, type AutoReplyContent } from './auto-reply-mime.js';

const content: AutoReplyContent = {
  from: { name: 'Contoso Support', address: 'support@contoso.com' },
  to: { name: 'Anna Berg', address: 'anna@example.org' },
  subject: 'Skrivaren är trasig [abc123]',
  text: 'We registered your mail as abc123.\nKeep [abc123] in the subject.',
  html: '<p>We registered your mail as <b>abc123</b>.</p>',
  messageId: '<reply-1@contoso.com>',
  headers: {
    'Auto-Submitted': 'auto-replied',
    'X-Auto-Response-Suppress': 'All',
    'In-Reply-To': '<m2@example.org>',
    References: '<m1@example.org> <m2@example.org>',
  },
  date: new Date('2026-03-03T12:00:00Z'),
};

describe('auto-reply MIME', () => {
  it('uses CRLF line endings only', async () => {
    const mime = await buildAutoReplyMime(content);
    expect(mime).toContain('\r\n');
    expect(mime.replaceAll('\r\n', '')).not.toMatch(/[\r\n]/);
  });

  it('carries the loop-defence and threading headers once each', async () => {
    const mime = await buildAutoReplyMime(content);
    const head = mime.slice(0, mime.indexOf('\r\n\r\n'));
    for (const name of [
      'Auto-Submitted',
      'X-Auto-Response-Suppress',
      'In-Reply-To',
      'References',
      'Message-ID',
    ]) {
      expect(head.match(new RegExp(`^${name}:`, 'gim')), name).toHaveLength(1);
    }
    const parsed = await simpleParser(mime);
    expect(parsed.headers.get('auto-submitted')).toBe('auto-replied');
    expect(parsed.headers.get('x-auto-response-suppress')).toBe('All');
    expect(parsed.inReplyTo).toBe('<m2@example.org>');
    expect(parsed.references).toEqual(['<m1@example.org>', '<m2@example.org>']);
    expect(parsed.messageId).toBe('<reply-1@contoso.com>');
    expect(parsed.subject).toBe('Skrivaren är trasig [abc123]');
    expect(parsed.from?.value[0]).toEqual({ name: 'Contoso Support', address: 'support@contoso.com' });
    expect(parsed.text?.trim()).toBe(content.text);
    expect(parsed.html).toContain('<b>abc123</b>');
  });

  it('is text only without an HTML template', async () => {
    const parsed = await simpleParser(await buildAutoReplyMime({ ...content, html: null }));
    expect(parsed.html).toBe(false);
    expect(parsed.headers.get('content-type')).toMatchObject({ value: 'text/plain' });
  });

  it('makes Message-IDs on the from domain', () => {
    expect(newMessageId('Support@Contoso.com')).toMatch(/^<[0-9a-f-]{36}@contoso\.com>$/);
    expect(newMessageId('support@contoso.com')).not.toBe(newMessageId('support@contoso.com'));
  });
});
