import type { Page } from 'playwright-core';
import type { MailHandler } from '../../../src/handlers/index.js';

/** An intranet page of the same site embedding `<ms-inbox-status>` elements with one script tag. */
export const intranetPageWith = (
  widgets: string,
): string => `<!doctype html><html><head><title>Intranet</title>
<script type="module" src="/admin/ms-inbox-status.js"></script></head>
<body><h1>Intranet start</h1>
${widgets}
</body></html>`;

/** Serves `body` as `/intranet/start.html` of the service to `page`. */
export async function serveIntranetPage(page: Page, serviceUrl: string, body: string): Promise<void> {
  await page.route(`${serviceUrl}/intranet/start.html`, (route) =>
    route.fulfill({ status: 200, contentType: 'text/html', body }),
  );
}

/** The text a widget renders in its shadow root. */
export const widgetText = (page: Page, id: string): Promise<string> =>
  page.locator(`#${id}`).evaluate((el) => el.shadowRoot?.textContent ?? '');

/** A handler that fails mails whose subject starts with "Broken" and processes the rest. */
export const failBrokenMail: MailHandler = async (call) => {
  if (String(call.email.message.subject).startsWith('Broken')) throw new Error('rejected');
  return { status: 'processed' };
};
