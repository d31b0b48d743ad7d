import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeHtmlEntities, htmlToText } from './html-to-text.js';

const hasLoneSurrogate = (text: string): boolean =>
  /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(text);

describe('html to text', () => {
  it('puts blocks on their own lines and drops tags, styles and scripts', () => {
    const html =
      '<html><head><style>p{color:red}</style></head><body><p>Hello <b>there</b></p>' +
      '<div>Line two<br>Line three</div><script>alert(1)</script></body></html>';
    expect(htmlToText(html)).toBe('Hello there\nLine two\nLine three');
  });

  it('decodes named and numeric entities', () => {
    expect(decodeHtmlEntities('a&nbsp;&amp;&lt;b&gt; &#229;&#x00E4; &unknown;')).toBe('a &<b> åä &unknown;');
  });

  it('turns references to code points that cannot exist into U+FFFD instead of throwing', () => {
    expect(htmlToText('<p>a&#x110000;b</p>')).toBe('a\ufffdb');
    expect(
      decodeHtmlEntities(
        '&#1114112;|&#0;|&#xD800;|&#xdfff;|&#99999999999999999999999;|&#x' + 'f'.repeat(400) + ';',
      ),
    ).toBe('\ufffd|\ufffd|\ufffd|\ufffd|\ufffd|\ufffd');
    expect(decodeHtmlEntities('&#x10FFFF;&#x1F600;')).toBe('\u{10ffff}\u{1f600}');
  });

  it('reads C1 control references as the windows-1252 characters their authors meant', () => {
    expect(decodeHtmlEntities('&#150; &#x93;quoted&#x94; &#128;5 &#x81;')).toBe(
      '\u2013 \u201cquoted\u201d \u20ac5 \u0081',
    );
  });

  it('never throws and never emits a lone surrogate, whatever number a reference holds', () => {
    const reference = fc.oneof(
      fc.bigInt({ min: 0n, max: 10n ** 30n }).map((n) => `&#${n};`),
      fc.bigInt({ min: 0n, max: 16n ** 30n }).map((n) => `&#x${n.toString(16)};`),
      fc.integer({ min: 0xd800, max: 0xdfff }).map((n) => `&#x${n.toString(16)};`),
    );
    const html = fc.array(
      fc.oneof(reference, fc.string({ maxLength: 8 }), fc.constantFrom('<p>', '</p>', '<br>')),
      {
        maxLength: 20,
      },
    );
    fc.assert(
      fc.property(html, (parts) => {
        const text = htmlToText(parts.join(''));
        expect(hasLoneSurrogate(text)).toBe(false);
      }),
    );
  });
});
