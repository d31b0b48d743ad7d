import { haveEmailBeenProcessed, processEmail } from '../helpdesk/index.js';
import type { EmailData } from './contract.js';
import { EmailItem } from './email-item.js';
import { defineEndpoint, type Endpoint } from './endpoint.js';
import type { HandlerApp } from './handler-app.js';

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

/** The endpoints ms-inbox serves before anyone writes code: `/inbox/` and `/inbox/recover/`. */
export function createDefaultEndpoint(): Endpoint {
  return defineEndpoint({ path: '/inbox/', notification: handleEmailMessage, recovery: handleEmailMessage });
}
