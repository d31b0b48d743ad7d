import { certificateExpiryOf, secretExpiryOf, type CredentialExpiry } from '../../config/index.js';
import { ClientUnknown } from '../../errors/index.js';
import { validateClient, type ClientValidation } from '../../graph/index.js';
import type { InboxDeps } from '../inbox-deps.js';
import { listResourceRows } from '../resources/resource-repository.js';

/** A configured client as admins see it: never its secret. */
export interface ClientView {
  name: string;
  clientId: string;
  tenantId: string;
  credential: 'secret' | 'certificate';
  /** Countdown of the secret, when the client signs in with one and states `client_secret_expires`. */
  secretExpiry: CredentialExpiry | null;
  /** Countdown of the certificate, when the client signs in with one and its file holds the certificate. */
  certificateExpiry: CredentialExpiry | null;
  resources: number;
}

/** The configured Azure app clients, and the seed's Validate button. */
export function createClientService(deps: InboxDeps) {
  const { config, store, clock } = deps;
  const find = (name: string) => {
    const client = config.clients.find((c) => c.name === name);
    if (!client) throw ClientUnknown.create({ name, known: config.clients.map((c) => c.name) });
    return client;
  };
  return {
    async list(): Promise<ClientView[]> {
      const resources = await listResourceRows(store.db);
      return config.clients.map((client) => ({
        name: client.name,
        clientId: client.clientId,
        tenantId: client.tenantId,
        credential: client.certificate ? 'certificate' : 'secret',
        // msal signs in with the certificate when there is one, so a secret beside it is not counted down.
        secretExpiry: client.certificate ? null : secretExpiryOf(client, clock.now()),
        certificateExpiry: certificateExpiryOf(client, clock.now()),
        resources: resources.filter((r) => r.client_name === client.name).length,
      }));
    },

    /** Signs in, checks permissions and probes every mailbox of the client. */
    async validate(name: string): Promise<ClientValidation> {
      const client = find(name);
      const mailboxes = (await listResourceRows(store.db, name)).map((r) => r.email);
      return validateClient({
        client,
        graph: deps.graphFor(name),
        mailboxes,
        autoRepliesEnabled: (await deps.mailSendNeeded?.(name)) ?? false,
        now: clock.now(),
      });
    },
  };
}
