import { describe, expect, it } from 'vitest';
import { trimQuotedHtml, trimQuotedText } from './quoted-history.js';

describe('quoted history of replies', () => {
  it('cuts an Outlook reply at its reply header block', () => {
    const html =
      '<div>Thanks, it works now.</div><div id="appendonsend"></div><hr style="display:inline-block">' +
      '<div id="divRplyFwdMsg"><b>From:</b> Support<br><b>Sent:</b> Monday</div><div>Old text</div>';
    expect(trimQuotedHtml(html)).toBe('<div>Thanks, it works now.</div>');
  });

  it('cuts Gmail, Apple Mail and Thunderbird quotes', () => {
    expect(
      trimQuotedHtml(
        '<div>New</div><div class="gmail_quote">On Mon … wrote:<blockquote>old</blockquote></div>',
      ),
    ).toBe('<div>New</div>');
    expect(trimQuotedHtml('<div>New</div><blockquote type="cite">old</blockquote>')).toBe('<div>New</div>');
    expect(trimQuotedHtml('<p>New</p><div class="moz-cite-prefix">On 3/3 Bob wrote:</div>')).toBe(
      '<p>New</p>',
    );
  });

  it('keeps the whole HTML when nothing new precedes the quote', () => {
    const html = '<div class="gmail_quote">only a quote</div>';
    expect(trimQuotedHtml(html)).toBe(html);
  });

  it('cuts a text reply at "On … wrote:" and drops quoted lines', () => {
    const text =
      'Still broken.\n\nOn Mon, 2 Mar 2026 at 10:00, Support <support@contoso.com> wrote:\n> Try again\n';
    expect(trimQuotedText(text)).toBe('Still broken.');
  });

  it('cuts a text reply at an Outlook header block in English or Swedish', () => {
    expect(trimQuotedText('New info\n\nFrom: Support <s@c.com>\nSent: Monday\nSubject: x\n\nold')).toBe(
      'New info',
    );
    expect(trimQuotedText('Ny info\n\nFrån: Support <s@c.com>\nSkickat: måndag\n\ngammalt')).toBe('Ny info');
    expect(trimQuotedText('Hej\n-----Original Message-----\nold')).toBe('Hej');
  });

  it('does not take a sentence starting with "From:" for a header', () => {
    const text = 'From: the logs I see an error.\nIt started yesterday.';
    expect(trimQuotedText(text)).toBe(text);
  });
});
