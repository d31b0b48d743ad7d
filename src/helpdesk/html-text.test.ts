import { describe, expect, it } from 'vitest';
import { textToHtml } from './html-text.js';

describe('text to html', () => {
  it('turns text into escaped paragraphs', () => {
    expect(textToHtml('a < b\nnext\n\nnew paragraph')).toBe('<p>a &lt; b<br>next</p>\n<p>new paragraph</p>');
  });
});
