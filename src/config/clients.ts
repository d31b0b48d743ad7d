import { readCertificateNotAfter } from './certificate-file.js';
import { judgeCredentialExpiry, secretExpiresAt } from './credential-expiry.js';
import { findUnreadable, readSecretFile } from './files.js';
import { addSchemaIssues, isMapping, readEnv, warnUnknownKeys, type Problems } from './problems.js';
import {
  certificateKeys,
  clientSchema,
  clientSecretsSchema,
  isGuid,
  isPlaceholder,
  isPlainHttpToRemoteHost,
} from './schema.js';
import { Secret } from './secret.js';
import type { ClientCertificate, ClientConfig } from './types.js';

/** What client resolution needs from outside the file. */
export interface ClientContext {
  env: NodeJS.ProcessEnv;
  cwd: string;
  now: Date;
}

/** Entra ID sign-in host used when a client does not set `authority_host`. */
const defaultAuthorityHost = 'https://login.microsoftonline.com';
/** Microsoft Graph host used when a client does not set `graph_endpoint`. */
const defaultGraphEndpoint = 'https://graph.microsoft.com';

const clientKeys = Object.keys(clientSchema.shape);
const secretKeys = Object.keys(clientSecretsSchema.shape);

/** The environment variable that overrides the secret of client `name`: `MS_INBOX_CLIENT_SECRET_<NAME>`. */
export function clientSecretEnvName(name: string): string {
  return `MS_INBOX_CLIENT_SECRET_${name.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;
}

/** Joins every client block with its secret; invalid clients are reported and left out. */
export function resolveClients(
  blocks: ReadonlyMap<string, unknown>,
  secretBlocks: Record<string, unknown>,
  context: ClientContext,
  problems: Problems,
): ClientConfig[] {
  const clients: ClientConfig[] = [];
  for (const [name, block] of blocks) {
    const client = resolveClient(name, isMapping(block) ? block : {}, secretBlocks[name], context, problems);
    if (client !== undefined) clients.push(client);
  }
  for (const name of Object.keys(secretBlocks)) {
    if (!blocks.has(name)) {
      problems.warn(
        `secrets.limepkg_ms_inbox.${name}`,
        `no client "${name}" under config.limepkg_ms_inbox; this secret is not used`,
      );
    }
  }
  return clients;
}

function resolveClient(
  name: string,
  block: Record<string, unknown>,
  secretBlock: unknown,
  context: ClientContext,
  problems: Problems,
): ClientConfig | undefined {
  const path = `config.limepkg_ms_inbox.${name}`;
  // A secret under config is ignored on purpose: config is not where Lime keeps secrets, and using it would
  // teach people to put secrets where they are shown and copied around.
  const misplacedSecret = block['client_secret'] !== undefined;
  if (misplacedSecret) {
    problems.warn(
      `${path}.client_secret`,
      `secrets belong under secrets.limepkg_ms_inbox.${name}.client_secret; this one is ignored`,
    );
  }
  const { client_secret: _misplaced, ...clientKeysInBlock } = block;
  warnUnknownKeys(problems, path, clientKeysInBlock, clientKeys);
  warnUnknownKeys(problems, `${path}.certificate`, block['certificate'], certificateKeys);
  const parsed = clientSchema.safeParse(block);
  if (!parsed.success) addSchemaIssues(problems, path, parsed.error.issues);
  const hasCertificate = isMapping(block['certificate']);
  const clientSecret = resolveClientSecret(
    name,
    secretBlock,
    { hasCertificate, misplacedSecret },
    context,
    problems,
  );
  if (!parsed.success) return undefined;

  const data = parsed.data;
  const certificate = readCertificate(data.certificate, `${path}.certificate`, context.cwd, problems);
  if (data.client_secret_expires != null) {
    const expiry = judgeCredentialExpiry('secret', secretExpiresAt(data.client_secret_expires), context.now);
    if (expiry.level !== 'ok') problems.warn(`${path}.client_secret_expires`, expiry.message);
  }
  if (certificate?.notAfter) {
    const expiry = judgeCredentialExpiry('certificate', new Date(certificate.notAfter), context.now);
    const file = certificate.certificatePath === null ? 'private_key_path' : 'certificate_path';
    if (expiry.level !== 'ok') problems.warn(`${path}.certificate.${file}`, expiry.message);
  }
  for (const key of ['authority_host', 'graph_endpoint'] as const) {
    const url = data[key];
    if (url != null && isPlainHttpToRemoteHost(url)) {
      problems.warn(`${path}.${key}`, 'uses http: credentials and mail would travel unencrypted; use https');
    }
  }
  return {
    name,
    clientId: data.client_id,
    tenantId: data.tenant_id,
    clientSecret,
    clientSecretExpires: data.client_secret_expires ?? null,
    certificate,
    authorityHost: data.authority_host ?? defaultAuthorityHost,
    graphEndpoint: data.graph_endpoint ?? defaultGraphEndpoint,
  };
}

function resolveClientSecret(
  name: string,
  block: unknown,
  client: { hasCertificate: boolean; misplacedSecret: boolean },
  context: ClientContext,
  problems: Problems,
): Secret | null {
  const path = `secrets.limepkg_ms_inbox.${name}`;
  const envName = clientSecretEnvName(name);
  let values: { client_secret?: string | null; client_secret_file?: string | null } = {};
  let reported = false;
  if (block !== undefined && block !== null) {
    warnUnknownKeys(problems, path, block, secretKeys);
    const parsed = clientSecretsSchema.safeParse(block);
    if (parsed.success) values = parsed.data;
    else addSchemaIssues(problems, path, parsed.error.issues);
    reported = !parsed.success;
  }
  const fromEnv = readEnv(context.env, envName);
  if (fromEnv !== undefined) return checkSecret(fromEnv, envName, problems);
  if (reported) return null;

  const { client_secret: value, client_secret_file: file } = values;
  if (value != null && file != null) {
    problems.error(path, 'set client_secret or client_secret_file, not both');
    return null;
  }
  if (value != null) return checkSecret(value, `${path}.client_secret`, problems);
  if (file != null) {
    const read = readSecretFile(file, context.cwd);
    if (read.failure !== undefined) problems.error(`${path}.client_secret_file`, read.failure);
    else if (read.value === '') problems.error(`${path}.client_secret_file`, 'the file is empty');
    else return checkSecret(read.value, `${path}.client_secret_file`, problems);
    return null;
  }
  if (!client.hasCertificate) {
    problems.error(
      `${path}.client_secret`,
      `missing for client "${name}": set client_secret (or client_secret_file) here, or the environment variable ${envName}` +
        (client.misplacedSecret
          ? `; the client_secret under config.limepkg_ms_inbox.${name} is ignored: move it here`
          : ''),
    );
  }
  return null;
}

/** Wraps a secret after checking it; messages never contain the value. */
function checkSecret(value: string, path: string, problems: Problems): Secret | null {
  if (isPlaceholder(value)) {
    problems.error(path, "still the placeholder from the example; replace it with the client secret's Value");
    return null;
  }
  if (isGuid(value)) {
    problems.warn(
      path,
      'looks like a Secret ID (a GUID), not a secret Value: in the Azure portal (Certificates & secrets) ' +
        'copy the Value column, not the Secret ID',
    );
  }
  return new Secret(value);
}

const noCertificate =
  'holds no PEM certificate (-----BEGIN CERTIFICATE-----); convert a DER .cer file with ' +
  '`openssl x509 -inform der -in cert.cer -out cert.pem`';

/** Checks the certificate files and reads the certificate's end of validity for the expiry countdown. */
function readCertificate(
  certificate:
    | { private_key_path: string; certificate_path?: string | null; thumbprint?: string | null }
    | null
    | undefined,
  path: string,
  cwd: string,
  problems: Problems,
): ClientCertificate | null {
  if (certificate == null) return null;
  let unreadable = false;
  for (const key of ['private_key_path', 'certificate_path'] as const) {
    const file = certificate[key];
    const problem = file == null ? undefined : findUnreadable(file, cwd);
    if (problem !== undefined) problems.error(`${path}.${key}`, problem);
    unreadable ||= problem !== undefined;
  }
  // Without certificate_path, msal takes the certificate from the key file, which then may hold both.
  const key = certificate.certificate_path == null ? 'private_key_path' : 'certificate_path';
  const read = unreadable
    ? null
    : readCertificateNotAfter(certificate.certificate_path ?? certificate.private_key_path, cwd);
  if (read?.problem) problems.error(`${path}.${key}`, read.problem);
  else if (read?.notAfter === null && key === 'certificate_path')
    problems.error(`${path}.${key}`, noCertificate);
  return {
    privateKeyPath: certificate.private_key_path,
    certificatePath: certificate.certificate_path ?? null,
    thumbprint: certificate.thumbprint ?? null,
    notAfter: read?.notAfter ?? null,
  };
}
