import { z } from 'zod';
import { parseAllowedBlock } from '../shared/index.js';
import { logLevels } from './types.js';

// The shapes of every part of the configuration. They are applied part by part (settings, each client,
// each secret block, each server setting) so that one broken part never hides the problems of another.

const guidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const domainPattern = /^(?=.{4,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;
const placeholderPattern = /^<[^<>]*>$/;
const propertyNamePattern = /^[A-Za-z][A-Za-z0-9_]*$/;
const thumbprintPattern = /^(?:[0-9A-F]{40}|[0-9A-F]{64})$/;
// eslint-disable-next-line no-control-regex
const controlCharacterPattern = /[\u0000-\u001f]/;

/** True for a GUID such as an Application (client) ID, a Directory (tenant) ID or a Secret ID. */
export function isGuid(value: string): boolean {
  return guidPattern.test(value);
}

/** True for a value left as in the seed's examples, like `<client-id>`. */
export function isPlaceholder(value: string): boolean {
  return placeholderPattern.test(value);
}

const missingOr =
  (what: string) =>
  (issue: { input?: unknown }): string =>
    issue.input === undefined || issue.input === null ? 'missing' : `must be ${what}`;

function isHttpUrl(value: string): boolean {
  if (!URL.canParse(value)) return false;
  const url = new URL(value);
  return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
}

function isCalendarDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
}

function nonEmptyString(what: string) {
  return z
    .string({ error: missingOr(what) })
    .trim()
    .min(1, { error: `must be ${what}, not empty` });
}

/** A file path; a control character means backslashes were taken as escapes inside double quotes. */
const filePath = (what: string) =>
  nonEmptyString(what).refine((value) => !controlCharacterPattern.test(value), {
    error:
      'contains a control character: inside double quotes a backslash starts an escape (\\n, \\t …); ' +
      'write each backslash twice ("C:\\\\certs\\\\cert.pem") or use single quotes',
  });

/** A secret value; its messages never repeat the value. */
const secretValue = z
  .string({ error: missingOr('a string (put the value in quotes)') })
  .trim()
  .min(1, { error: 'is empty' });

/** An absolute http(s) URL, kept without trailing slashes. */
const httpUrl = nonEmptyString('an absolute http:// or https:// URL')
  .refine(isHttpUrl, { error: 'must be an absolute http:// or https:// URL' })
  .transform((value) => value.replace(/\/+$/, ''));

const placeholderFree = (hint: string) => ({
  error: (issue: { input?: unknown }) =>
    `still the placeholder ${String(issue.input)} from the example; replace it with ${hint}`,
  abort: true,
});

const clientId = nonEmptyString('the Application (client) ID GUID')
  .refine(
    (value) => !isPlaceholder(value),
    placeholderFree("the Application (client) ID from the app's overview page"),
  )
  .refine(isGuid, {
    error: "must be a GUID: the Application (client) ID from the app's overview page in the Azure portal",
  });

const tenantId = nonEmptyString('the Directory (tenant) ID GUID or a domain')
  .refine(
    (value) => !isPlaceholder(value),
    placeholderFree("the Directory (tenant) ID from the app's overview page"),
  )
  .refine((value) => isGuid(value) || domainPattern.test(value), {
    error:
      "must be a GUID (the Directory (tenant) ID from the app's overview page) " +
      'or a domain of the tenant such as contoso.onmicrosoft.com',
  });

const isoDate = z
  .string({ error: missingOr('a date like 2026-12-31') })
  .refine(isCalendarDate, { error: 'must be a date like 2026-12-31 (YYYY-MM-DD)' });

const thumbprintMessage =
  "must be the certificate's SHA-1 thumbprint (40 hex digits) or SHA-256 (64 hex digits)";
const thumbprint = z
  .string({ error: thumbprintMessage })
  .transform((value) => value.replace(/[\s:]/g, '').toUpperCase())
  .pipe(z.string().regex(thumbprintPattern, { error: thumbprintMessage }));

const certificate = z
  .looseObject(
    {
      private_key_path: filePath('the path of the PEM private key'),
      certificate_path: filePath('the path of the PEM certificate').nullish(),
      thumbprint: thumbprint.nullish(),
    },
    { error: 'must be a mapping with private_key_path and certificate_path or thumbprint' },
  )
  .refine((value) => value.certificate_path != null || value.thumbprint != null, {
    error: 'needs certificate_path or thumbprint: Entra ID recognises the certificate by its thumbprint',
  });

/** One client block, `config.limepkg_ms_inbox.<client>`. */
export const clientSchema = z.looseObject(
  {
    client_id: clientId,
    tenant_id: tenantId,
    client_secret_expires: isoDate.nullish(),
    certificate: certificate.nullish(),
    authority_host: httpUrl.nullish(),
    graph_endpoint: httpUrl.nullish(),
  },
  { error: 'must be a mapping with client_id and tenant_id' },
);

/** Keys a certificate block may hold. */
export const certificateKeys = ['private_key_path', 'certificate_path', 'thumbprint'] as const;

/** One secret block, `secrets.limepkg_ms_inbox.<client>`. */
export const clientSecretsSchema = z.looseObject(
  { client_secret: secretValue.nullish(), client_secret_file: filePath('the path of a file').nullish() },
  { error: 'must be a mapping with client_secret' },
);

const wholeNumberMessage = 'must be a whole number from 1 to 10000';

/** The settings of `config.limepkg_ms_inbox` that are not clients. */
export const inboxSettingsSchema = z.looseObject({
  recovery: z
    .looseObject(
      { path_to_verify_cert: filePath('a string: the full path of a CA certificate file').nullish() },
      { error: 'must be a mapping with path_to_verify_cert' },
    )
    .nullish(),
  sync_history_length: z
    .number({ error: wholeNumberMessage })
    .int({ error: wholeNumberMessage })
    .min(1, { error: wholeNumberMessage })
    .max(10000, { error: wholeNumberMessage })
    .nullish(),
  custom_select: z
    .array(
      z.string({ error: 'must be a Graph property name' }).regex(propertyNamePattern, {
        error: (issue) =>
          `"${String(issue.input)}" is not a Graph property name (letters, digits and _, starting with a letter)`,
      }),
      { error: 'must be a list of Graph property names' },
    )
    .nullish(),
});

const portMessage = 'must be a port number from 1 to 65535';

/** Each setting of the `server:` section; the environment variables go through the same schemas. */
export const serverSettingSchemas = {
  port: z.preprocess(
    (value) => (typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : value),
    z
      .number({ error: portMessage })
      .int({ error: portMessage })
      .min(1, { error: portMessage })
      .max(65535, { error: portMessage }),
  ),
  public_url: httpUrl,
  database_url: nonEmptyString('a PostgreSQL URL').refine(
    (value) => /^postgres(?:ql)?:\/\//i.test(value) && URL.canParse(value),
    {
      error:
        'must be a PostgreSQL URL such as postgres://user:password@host:5432/ms_inbox ' +
        '(postgres:// or postgresql://); leave it unset to use SQLite in data_dir',
    },
  ),
  data_dir: filePath('a directory path'),
  log_level: z.preprocess(
    (value) => (typeof value === 'string' ? value.trim().toLowerCase() : value),
    z.enum(logLevels, {
      error: (issue) => `"${String(issue.input)}" is not a log level; use one of ${logLevels.join(', ')}`,
    }),
  ),
  admin_token: secretValue,
  admin_token_file: filePath('the path of a file'),
  simulator_url: httpUrl,
  handlers_dir: filePath('a directory path'),
  handler_secret: secretValue,
  handler_secret_previous: secretValue,
  egress_allow: z.preprocess(
    (value) => (typeof value === 'string' ? value.split(',').filter((e) => e.trim() !== '') : value),
    z.array(
      z
        .string({ error: 'each entry must be an IP address or CIDR block in quotes, such as "127.0.0.1"' })
        .trim()
        .refine((entry) => parseAllowedBlock(entry) !== null, {
          error: (issue) =>
            `"${String(issue.input)}" is not an IP address or CIDR block (such as 127.0.0.1 or 10.20.0.0/16)`,
        }),
      {
        error: 'must be a list of IP addresses or CIDR blocks (comma-separated in the environment variable)',
      },
    ),
  ),
  egress_allow_private: z.preprocess(
    (value) =>
      typeof value === 'string' && /^(true|false)$/i.test(value.trim())
        ? value.trim().toLowerCase() === 'true'
        : value,
    z.boolean({ error: 'must be true or false' }),
  ),
};

/** True for an http:// URL to a host other than this machine (Graph and Entra need https there). */
export function isPlainHttpToRemoteHost(value: string): boolean {
  if (!URL.canParse(value)) return false;
  const url = new URL(value);
  return url.protocol === 'http:' && !['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
}
