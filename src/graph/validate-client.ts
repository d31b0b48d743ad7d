import { certificateExpiryOf, secretExpiryOf, type ClientConfig } from '../config/index.js';
import { isAppError } from '../errors/index.js';
import type { GraphClient } from './graph-client.js';

/** One line of a client validation, as the seed's Validate button shows it. */
interface ValidationCheck {
  name: string;
  ok: boolean;
  severity: 'ok' | 'warning' | 'error';
  message: string;
  hint: string | null;
}

/** The result of validating one client. */
export interface ClientValidation {
  client: string;
  ok: boolean;
  checks: ValidationCheck[];
}

const pass = (name: string, message: string): ValidationCheck => ({
  name,
  ok: true,
  severity: 'ok',
  message,
  hint: null,
});
const fail = (name: string, message: string, hint: string | null): ValidationCheck => ({
  name,
  ok: false,
  severity: 'error',
  message,
  hint,
});

const renewalHints = {
  secret: 'Certificates & secrets → New client secret; copy its Value into the secrets.',
  certificate:
    'Certificates & secrets → Certificates → Upload certificate; then point certificate_path (and private_key_path) at the new files.',
};

const permissionHint = (role: string) =>
  `In the Azure portal: App registrations → the app → API permissions → Add a permission → Microsoft Graph → Application permissions → ${role}, then "Grant admin consent".`;

/** Signs in, reads the granted roles, and probes each mailbox's Inbox; every problem is named with advice. */
export async function validateClient(input: {
  client: ClientConfig;
  graph: GraphClient;
  mailboxes: readonly string[];
  autoRepliesEnabled: boolean;
  now?: Date;
}): Promise<ClientValidation> {
  const checks: ValidationCheck[] = [];
  const now = input.now ?? new Date();

  // msal signs in with the certificate when there is one, so only that credential's expiry matters.
  const expiry = input.client.certificate
    ? certificateExpiryOf(input.client, now)
    : secretExpiryOf(input.client, now);
  if (expiry) {
    checks.push({
      name: `${expiry.credential} expiry`,
      ok: expiry.level !== 'expired',
      severity: expiry.level === 'ok' ? 'ok' : expiry.level === 'warning' ? 'warning' : 'error',
      message: expiry.message,
      hint: expiry.level === 'ok' ? null : renewalHints[expiry.credential],
    });
  }

  let roles: string[];
  try {
    roles = (await input.graph.tokens.getToken({ forceRefresh: true })).roles;
    checks.push(
      pass('sign-in', `signed in to tenant ${input.client.tenantId} as app ${input.client.clientId}`),
    );
  } catch (error) {
    const params = isAppError(error) ? (error.params as { aadsts?: string | null; advice?: string }) : {};
    checks.push(
      fail('sign-in', isAppError(error) ? error.message : 'could not sign in', params.advice ?? null),
    );
    return { client: input.client.name, ok: false, checks };
  }

  const required = [
    'Mail.Read',
    'Mail.ReadBasic',
    'Mail.ReadWrite',
    ...(input.autoRepliesEnabled ? ['Mail.Send'] : []),
  ];
  for (const role of required) {
    checks.push(
      roles.includes(role)
        ? pass(`permission ${role}`, `${role} is granted`)
        : fail(
            `permission ${role}`,
            `the application permission ${role} is not granted (or lacks admin consent)`,
            permissionHint(role),
          ),
    );
  }

  for (const mailbox of input.mailboxes) {
    try {
      await input.graph.http.send({
        operation: 'mailbox.probe',
        method: 'GET',
        path: `/users/${encodeURIComponent(mailbox)}/mailFolders/inbox`,
        mailbox,
        query: { $select: 'id,totalItemCount' },
      });
      checks.push(pass(`mailbox ${mailbox}`, `the Inbox of ${mailbox} is reachable`));
    } catch (error) {
      const hint = isAppError(error) ? ((error.params as { hint?: string }).hint ?? null) : null;
      checks.push(
        fail(`mailbox ${mailbox}`, isAppError(error) ? error.message : 'could not reach the mailbox', hint),
      );
    }
  }

  return { client: input.client.name, ok: checks.every((check) => check.ok), checks };
}
