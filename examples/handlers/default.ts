/**
 * The seed's "simplest default logic": skip a mail that is (being) processed, let auto-replies pass without a
 * ticket, else create or update the helpdesk. ms-inbox serves this at `/inbox/` and `/inbox/recover/` out of
 * the box; copy this file into your handlers folder to start customising.
 */
import {
  defineEndpoint,
  EmailItem,
  haveEmailBeenProcessed,
  processEmail,
  type EmailData,
  type HandlerApp,
} from '../../src/helpdesk/index.js';

async function handleEmailMessage(app: HandlerApp, emailData: EmailData) {
  const uow = app.unitOfWork();
  const emailItem = new EmailItem(emailData);
  if (await haveEmailBeenProcessed(app, emailItem)) {
    // If the incoming e-mail is being processed or has been processed
    return false;
  } else if (emailItem.isAutoreply) {
    // If the incoming e-mail is an auto-reply
    return;
  }

  await processEmail(app, emailItem, uow);

  return uow.commit();
}

export default defineEndpoint({
  path: '/inbox/',
  notification: handleEmailMessage,
  recovery: handleEmailMessage,
});
