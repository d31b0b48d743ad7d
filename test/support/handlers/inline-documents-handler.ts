/** A handler module for the pipeline tests: every mail becomes a ticket that keeps inline images as documents too. */
import * as handlers from '../../../src/helpdesk/index.js';

async function keepInlineImages(app: handlers.HandlerApp, emailData: handlers.EmailData) {
  const uow = app.unitOfWork();
  const item = new handlers.EmailItem(emailData);
  await handlers.processEmail(app, item, uow, { includeInlineAttachments: true });
  return uow.commit();
}

export default handlers.defineEndpoint({
  path: '/inline-documents/',
  notification: keepInlineImages,
  recovery: keepInlineImages,
});
