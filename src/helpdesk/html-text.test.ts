import { describe, expect, it } from 'vitest';
import { decodeHtmlEntities, htmlToText, textToHtml } from './html-text.js';

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

  it('turns text into escaped paragraphs', () => {
    expect(textToHtml('a < b\nnext\n\nnew paragraph')).toBe('<p>a &lt; b<br>next</p>\n<p>new paragraph</p>');
  });
});
