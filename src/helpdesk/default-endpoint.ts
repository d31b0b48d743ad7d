import { EmailItem, type EmailData } from '../handlers/index.js';
import type { HandlerApp } from './handler-plugin.js';
import { processEmail } from './process-email.js';
import { haveEmailBeenProcessed } from './threading.js';

/** The seed's "simplest default logic": skip what was processed, ignore auto-replies, else make or update a ticket. */
export async function handleEmailMessage(app: HandlerApp, emailData: EmailData): Promise<unknown> {
  const uow = app.unitOfWork();
  const emailItem = new EmailItem(emailData);
  if (await haveEmailBeenProcessed(app, emailItem)) {
    // The mail is being or has been processed.
    return false;
  } else if (emailItem.isAutoreply) {
    // An auto-reply: Processed without a ticket, as in the seed.
    return;
  }
  await processEmail(app, emailItem, uow);
  return uow.commit();
}
