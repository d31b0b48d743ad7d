/** AADSTS errors the simulator's token endpoint produces, with their OAuth error and HTTP status. */
const catalogue = {
  7000215: {
    error: 'invalid_client',
    status: 401,
    text: (p: Params) =>
      `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${p.appId}'.`,
  },
  7000222: {
    error: 'invalid_client',
    status: 401,
    text: (p: Params) =>
      `The provided client secret keys for app '${p.appId}' are expired. Visit the Azure portal to create new keys for your app: https://aka.ms/NewClientSecret, or consider using certificate credentials for added security: https://aka.ms/certCreds.`,
  },
  700016: {
    error: 'unauthorized_client',
    status: 400,
    text: (p: Params) =>
      `Application with identifier '${p.appId}' was not found in the directory '${p.tenant}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.`,
  },
  90002: {
    error: 'invalid_request',
    status: 400,
    text: (p: Params) =>
      `Tenant '${p.tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud. Check with your subscription administrator, this may happen if there are no active subscriptions for the tenant.`,
  },
  900023: {
    error: 'invalid_request',
    status: 400,
    text: (p: Params) =>
      `Specified tenant identifier '${p.tenant}' is neither a valid DNS name, nor a valid external domain.`,
  },
  70011: {
    error: 'invalid_scope',
    status: 400,
    text: (p: Params) =>
      `The provided request must include a 'scope' input parameter. The provided value for the input parameter 'scope' is not valid. The scope ${p.scope} is not valid. Client credential flows must use a scope of the form '<resource>/.default', here 'https://graph.microsoft.com/.default'.`,
  },
  7000216: {
    error: 'invalid_request',
    status: 400,
    text: () =>
      `'client_assertion', 'client_secret' or 'request' is required for the 'client_credentials' grant type.`,
  },
  900144: {
    error: 'invalid_request',
    status: 400,
    text: (p: Params) => `The request body must contain the following parameter: '${p.parameter}'.`,
  },
  70003: {
    error: 'unsupported_grant_type',
    status: 400,
    text: (p: Params) => `The app requested an unsupported grant type '${p.grantType}'.`,
  },
  50027: {
    error: 'invalid_request',
    status: 400,
    text: () => 'JWT token is invalid or malformed.',
  },
  700027: {
    error: 'invalid_client',
    status: 401,
    text: (p: Params) =>
      `Client assertion contains an invalid signature. [Reason - ${p.reason}, Thumbprint of key used by client: '${p.thumbprint}', Please visit the Azure Portal, Graph Explorer or directly use MS Graph to see configured keys for app Id '${p.appId}'.]`,
  },
  700024: {
    error: 'invalid_client',
    status: 401,
    text: (p: Params) =>
      `Client assertion is not within its valid time range. Current time: ${p.now}, expiry time of assertion ${p.expiry}.`,
  },
  90033: {
    error: 'temporarily_unavailable',
    status: 503,
    text: () => 'A transient error has occurred. Please try again.',
  },
} as const;

interface Params {
  appId?: string;
  tenant?: string;
  scope?: string;
  parameter?: string;
  grantType?: string;
  reason?: string;
  thumbprint?: string;
  now?: string;
  expiry?: string;
}

/** An AADSTS code the simulator knows. */
export type AadstsCode = keyof typeof catalogue;

/** Entra's timestamp format in error bodies: `yyyy-mm-dd hh:mm:ssZ`. */
export function entraTimestamp(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ') + 'Z';
}

/** Builds an Entra token-endpoint error in the exact shape of graph-protocol.md §A.3. */
export function aadstsError(
  code: AadstsCode,
  params: Params,
  ids: { traceId: string; correlationId: string; nowMs: number; status?: number },
): { status: number; body: Record<string, unknown> } {
  const entry = catalogue[code];
  const timestamp = entraTimestamp(ids.nowMs);
  const description =
    `AADSTS${code}: ${entry.text(params)}\r\nTrace ID: ${ids.traceId}\r\n` +
    `Correlation ID: ${ids.correlationId}\r\nTimestamp: ${timestamp}`;
  return {
    status: ids.status ?? entry.status,
    body: {
      error: entry.error,
      error_description: description,
      error_codes: [code],
      timestamp,
      trace_id: ids.traceId,
      correlation_id: ids.correlationId,
      error_uri: `https://login.microsoftonline.com/error?code=${code}`,
    },
  };
}
