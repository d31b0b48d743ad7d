import sanitizeHtml from 'sanitize-html';

/**
 * Mail HTML as the admin may see it: formatting kept, scripts, styles, forms and event handlers removed, and no
 * remote images (they would tell the sender the mail was opened); links open only https and mailto.
 */
export function sanitizeMailHtml(html: string): string {
  return sanitizeHtml(html, {
    allowedTags: [...sanitizeHtml.defaults.allowedTags, 'img', 'span', 'font', 'center'],
    allowedAttributes: {
      a: ['href', 'title'],
      img: ['src', 'alt', 'width', 'height'],
      td: ['colspan', 'rowspan', 'align'],
      th: ['colspan', 'rowspan', 'align'],
      '*': ['dir', 'lang'],
    },
    allowedSchemes: ['https', 'mailto'],
    allowedSchemesByTag: { img: ['data', 'cid'] },
    transformTags: {
      a: sanitizeHtml.simpleTransform('a', { rel: 'noopener noreferrer nofollow', target: '_blank' }),
    },
  });
}
