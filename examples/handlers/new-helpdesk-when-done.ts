/** The seed's "Create a new helpdesk when receiving e-mail on a closed helpdesk" (status key `done`). */
import {
  defineEndpoint,
  EmailItem,
  findHelpdeskForEmail,
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

  // The seed looks by subject only (findHelpdeskBySubject). processEmail also threads by In-Reply-To and
  // conversation, so ask the same question it will: which helpdesk does this mail continue?
  const existing = await findHelpdeskForEmail(app, emailItem);
  const forceNewHelpdesk = existing?.helpdesk.status.key === 'done';

  await processEmail(app, emailItem, uow, { forceNew: forceNewHelpdesk });

  return uow.commit();
}

export default defineEndpoint({
  path: '/inbox/',
  notification: handleEmailMessage,
  recovery: handleEmailMessage,
});
