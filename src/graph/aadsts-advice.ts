/** Plain advice for the AADSTS codes admins meet when connecting an app (Entra error code reference). */
const adviceByCode: Record<string, string> = {
  '7000215':
    "the client secret is wrong. Use the secret's Value (shown once when it is created), not its Secret ID, and copy it again if in doubt",
  '7000222':
    'the client secret has expired. Create a new secret for the app registration and put its Value in the secrets',
  '700016':
    "the application (client_id) is not known in this tenant. Check client_id and tenant_id on the app's overview page, and that admin consent was given in this tenant",
  '90002': 'the tenant does not exist. Check tenant_id (the Directory (tenant) ID GUID or a verified domain)',
  '900023': 'the tenant_id is malformed. Use the Directory (tenant) ID GUID or a verified domain name',
  '70011': 'the requested scope is invalid; ms-inbox asks for https://graph.microsoft.com/.default',
  '700027':
    'the client assertion (certificate) was rejected. Check that the certificate uploaded to the app matches the private key',
  '7000112': 'the application is disabled in the tenant. Enable it under Enterprise applications',
  '50034': 'the account does not exist in the tenant',
};

/** Returns advice for an AADSTS code, or a generic pointer to the Entra error lookup. */
export function adviceForAadsts(code: string | null): string {
  if (code && adviceByCode[code]) return adviceByCode[code];
  return code
    ? `Entra ID refused the sign-in; look up AADSTS${code} at https://login.microsoftonline.com/error?code=${code}`
    : 'Entra ID could not be reached or gave no reason';
}

/** Pulls the AADSTS number out of an msal error (errorNo, or the `AADSTSnnnn:` prefix of its message). */
export function aadstsCodeOf(error: {
  errorNo?: string | number;
  errorMessage?: string;
  message?: string;
}): string | null {
  // msal hands errorNo over as a number or a string depending on the response; normalise it.
  const errorNo = error.errorNo === undefined ? '' : String(error.errorNo);
  if (/^\d+$/.test(errorNo)) return errorNo;
  const match = /AADSTS(\d+)/.exec(error.errorMessage ?? error.message ?? '');
  return match?.[1] ?? null;
}
