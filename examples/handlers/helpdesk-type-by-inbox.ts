/** The seed's "Set helpdesktype based in inbox address": the watched mailbox decides the helpdesk type. */
import {
  defineEndpoint,
  EmailItem,
  haveEmailBeenProcessed,
  processEmail,
  type EmailData,
  type HandlerApp,
} from '../../src/helpdesk/index.js';

// Custom adjustments for your solution: the helpdesk type (by key) for each watched mailbox.
const helpdeskTypes: Record<string, string> = {
  'billing@contoso.com': 'billing',
  'it@contoso.com': 'it',
};

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

  // Set the helpdesk type based on what inbox received the e-mail
  const typeKey = helpdeskTypes[emailItem.subscriptionEmail];
  if (typeKey !== undefined) {
    const helpdeskType = await app.helpdesk.findTypeByKey(typeKey);
    if (helpdeskType) helpdesk.type.attach(helpdeskType);
    else app.log.warn(`failed to set helpdesk type: ${typeKey}`);
  }

  return uow.commit();
}

export default defineEndpoint({
  path: '/inbox/',
  notification: handleEmailMessage,
  recovery: handleEmailMessage,
});
