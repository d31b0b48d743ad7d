import type { clientSchema, inboxSettingsSchema, serverSettingSchemas } from './schema.js';
import { serverEnvNames } from './server-settings.js';

interface KeyDoc {
  default: string;
  meaning: string;
}

type ServerKey = keyof typeof serverSettingSchemas;
type ClientKey = keyof typeof clientSchema.shape;
type InboxKey = keyof typeof inboxSettingsSchema.shape;

// `satisfies Record<…>` makes the compiler refuse a schema key without documentation: the reference cannot drift.
const serverDocs = {
  port: { default: '`8080`', meaning: 'HTTP port, 1–65535.' },
  public_url: {
    default: 'none',
    meaning:
      'The https URL at which Microsoft Graph reaches this service (`/graph/*`); needed to create subscriptions. `http://` to a host other than this machine gives a warning.',
  },
  database_url: {
    default: 'none (SQLite in `data_dir`)',
    meaning: 'PostgreSQL connection URL, `postgres://` or `postgresql://`.',
  },
  data_dir: {
    default: '`./data`',
    meaning:
      'Directory of the SQLite database and the helpdesk documents; made absolute against the working directory.',
  },
  log_level: {
    default: '`info`',
    meaning: '`fatal`, `error`, `warn`, `info`, `debug`, `trace` or `silent`.',
  },
  admin_token: {
    default: 'none',
    meaning: 'Bearer token of the admin API; a warning when shorter than 16 characters. Never logged.',
  },
  admin_token_file: {
    default: 'none',
    meaning: 'File holding the admin token (read and trimmed), instead of `admin_token`.',
  },
  simulator_url: {
    default: 'none',
    meaning:
      'Route every client’s token and Graph traffic to a Graph simulator at this URL (tests, development).',
  },
  handlers_dir: {
    default: 'none',
    meaning:
      'A folder of handler modules (`*.ts`, `*.js`), or one module file; their endpoints replace or add to `/inbox/`.',
  },
  handler_secret: {
    default: 'none',
    meaning: 'Signs calls to external `https://` handlers (HMAC-SHA256); required when a resource names one.',
  },
  handler_secret_previous: {
    default: 'none',
    meaning: 'The previous signing secret, still sent during a rotation.',
  },
  egress_allow: {
    default: 'none',
    meaning:
      'IP addresses or CIDR blocks that external handler and recovery targets may reach although they are loopback, link-local or private (e.g. `127.0.0.1` for a handler on this machine); see docs/external-handlers.md.',
  },
  egress_allow_private: {
    default: '`false`',
    meaning:
      'Let external handler and recovery targets reach private addresses (10/8, 172.16/12, 192.168/16, fc00::/7, 100.64/10); loopback and link-local stay refused.',
  },
} satisfies Record<ServerKey, KeyDoc>;

const clientDocs = {
  client_id: {
    default: 'required',
    meaning: 'The Application (client) ID GUID from the app’s overview page.',
  },
  tenant_id: { default: 'required', meaning: 'The Directory (tenant) ID GUID, or a domain of the tenant.' },
  client_secret_expires: {
    default: 'none',
    meaning: 'Expiry date of the client secret (`YYYY-MM-DD`); warnings 30, 14, 7 and 1 days ahead.',
  },
  certificate: {
    default: 'none',
    meaning:
      'Certificate credentials instead of a secret: `private_key_path` and `certificate_path` or `thumbprint`; its expiry is read from the PEM, warnings 30, 14, 7 and 1 days ahead.',
  },
  authority_host: {
    default: '`https://login.microsoftonline.com`',
    meaning: 'Entra ID sign-in host (national clouds such as `https://login.microsoftonline.us`).',
  },
  graph_endpoint: {
    default: '`https://graph.microsoft.com`',
    meaning: 'Microsoft Graph host (national clouds such as `https://graph.microsoft.us`).',
  },
} satisfies Record<ClientKey, KeyDoc>;

const inboxDocs = {
  recovery: {
    default: 'none',
    meaning:
      '`path_to_verify_cert`: a CA certificate file trusted for recovery and external handler calls (self-signed endpoints).',
  },
  sync_history_length: { default: '`50`', meaning: 'Sync & Save runs kept per client.' },
  custom_select: {
    default: '`[]`',
    meaning: 'Extra Graph message properties fetched for every mail and given to handlers.',
  },
} satisfies Record<InboxKey, KeyDoc>;

const table = (rows: string[][], header: string[]) =>
  [
    `| ${header.join(' | ')} |`,
    `| ${header.map(() => '---').join(' | ')} |`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ].join('\n');

/** The reference tables of `docs/configuration.md`, rendered from the schema's keys. */
export function renderConfigurationReference(): string {
  return [
    '### Reference: `config.limepkg_ms_inbox`',
    '',
    table(
      Object.entries(inboxDocs).map(([key, doc]) => [`\`${key}\``, doc.default, doc.meaning]),
      ['key', 'default', 'meaning'],
    ),
    '',
    '### Reference: a client, `config.limepkg_ms_inbox.<client>`',
    '',
    table(
      Object.entries(clientDocs).map(([key, doc]) => [`\`${key}\``, doc.default, doc.meaning]),
      ['key', 'default', 'meaning'],
    ),
    '',
    '### Reference: `server:` and the environment',
    '',
    table(
      Object.entries(serverDocs).map(([key, doc]) => [
        `\`${key}\``,
        `\`${serverEnvNames[key as ServerKey]}\``,
        doc.default,
        doc.meaning,
      ]),
      ['key', 'environment variable', 'default', 'meaning'],
    ),
  ].join('\n');
}
