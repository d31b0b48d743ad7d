import type { SimulatorSeed } from '../types.js';
import { deliverMessage } from './delivery.js';
import type { MessageFactory } from './message-factory.js';
import type { TenantState } from './state.js';

/** Loads a seed: tenants, apps with secrets, certificates and policies, mailboxes and their messages. */
export async function applySeed(
  state: TenantState,
  factory: MessageFactory,
  seed: SimulatorSeed,
): Promise<void> {
  for (const input of seed.tenants) {
    const tenant = state.addTenant(input);
    for (const appInput of input.apps ?? []) {
      const app = state.addApp(tenant.id, appInput);
      for (const secret of appInput.secrets ?? []) state.addSecret(app.clientId, secret);
      for (const pem of appInput.certificates ?? []) state.addCertificate(app.clientId, pem);
      if (appInput.allowedMailboxes) state.setAccessPolicy(app.clientId, appInput.allowedMailboxes);
    }
    for (const mailboxInput of input.mailboxes ?? []) {
      const mailbox = state.addMailbox(tenant.id, mailboxInput);
      for (const message of mailboxInput.messages ?? []) {
        if ('raw' in message) {
          await deliverMessage(factory, mailbox, Buffer.from(message.raw.replace(/\r?\n/g, '\r\n')), {
            folder: message.folder,
          });
        } else {
          await deliverMessage(factory, mailbox, message);
        }
      }
    }
  }
}
