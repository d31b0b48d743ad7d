/** The seed's "Re-open closed helpdesk": a mail on a done or parked helpdesk sets it to started again. */
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

  const helpdesk = await processEmail(app, emailItem, uow);

  // Hard coded with the status keys done, parked and started, as in the seed.
  if (!helpdesk.isNew && ['done', 'parked'].includes(helpdesk.status.key)) {
    helpdesk.status.setByKey('started');
  }

  return uow.commit();
}

export default defineEndpoint({
  path: '/inbox/',
  notification: handleEmailMessage,
  recovery: handleEmailMessage,
});
