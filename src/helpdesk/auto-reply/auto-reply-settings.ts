import type { AutoReplySettingsTable } from '../../store/index.js';

/** How an auto-reply leaves: Graph `sendMail` from the mailbox (default) or SMTP. */
type AutoReplyTransportKind = 'graph' | 'smtp';

/** At most `max` auto-replies within `windowMinutes`. */
export interface ReplyLimit {
  windowMinutes: number;
  max: number;
}

/** The caps of loop defence: per recipient (the mail's sender) of a resource, and per helpdesk. */
export interface AutoReplyLimits {
  perSender: ReplyLimit[];
  perHelpdesk: ReplyLimit[];
}

/** The auto-reply of one resource, as ms-inbox uses it. */
export interface AutoReplySettings {
  resourceId: string;
  enabled: boolean;
  /** Reply only to the mail that created a helpdesk, not to later mails on it (default true). */
  onlyNewHelpdesks: boolean;
  /** Templates; `$$code$$` merge codes are replaced as plain text (HTML-escaped in `htmlBody`). */
  subject: string;
  textBody: string;
  /** Null for a text-only reply. */
  htmlBody: string | null;
  /** The from address when the helpdesk keeps no subscription mailbox. */
  defaultFrom: string | null;
  fromName: string | null;
  transport: AutoReplyTransportKind;
  /** `smtp://user:password@host:port` (or `smtps://`) for the SMTP transport. */
  smtpUrl: string | null;
  limits: AutoReplyLimits;
}

/** The fields an admin may set; what is left out (also one of the two cap lists) keeps its current value. */
export type AutoReplySettingsInput = Partial<Omit<AutoReplySettings, 'resourceId' | 'limits'>> & {
  limits?: Partial<AutoReplyLimits>;
};

/** The seed's subject: `<helpdesk title> [<helpdesk number>]`. */
const defaultSubjectTemplate = '$$helpdesktitle$$ [$$helpdesknumber$$]';

/** A plain confirmation naming the number, so that the customer's answers thread onto the helpdesk. */
const defaultTextTemplate = [
  'Hello $$sendername$$,',
  '',
  'Thank you for your e-mail "$$subject$$". We have registered it as helpdesk $$helpdesknumber$$.',
  'Please keep [$$helpdesknumber$$] in the subject when you write to us about it.',
].join('\n');

/** Peers' experience: one reply per sender per 10 minutes, 5 per hour, 10 per day; 1 per helpdesk per 10 minutes, 3 per day. */
export const defaultLimits: AutoReplyLimits = Object.freeze({
  perSender: [
    { windowMinutes: 10, max: 1 },
    { windowMinutes: 60, max: 5 },
    { windowMinutes: 1440, max: 10 },
  ],
  perHelpdesk: [
    { windowMinutes: 10, max: 1 },
    { windowMinutes: 1440, max: 3 },
  ],
});

/** The settings of a resource that has never been configured: off. */
export function defaultAutoReplySettings(resourceId: string): AutoReplySettings {
  return {
    resourceId,
    enabled: false,
    onlyNewHelpdesks: true,
    subject: defaultSubjectTemplate,
    textBody: defaultTextTemplate,
    htmlBody: null,
    defaultFrom: null,
    fromName: null,
    transport: 'graph',
    smtpUrl: null,
    limits: structuredClone(defaultLimits),
  };
}

/** Reads a stored row; missing templates and limits fall back to the defaults. */
export function settingsFromRow(row: AutoReplySettingsTable): AutoReplySettings {
  const defaults = defaultAutoReplySettings(row.resource_id);
  const limits = row.limits ? (JSON.parse(row.limits) as Partial<AutoReplyLimits>) : {};
  return {
    resourceId: row.resource_id,
    enabled: row.enabled === 1,
    onlyNewHelpdesks: row.only_new_helpdesks === 1,
    subject: row.subject_template ?? defaults.subject,
    textBody: row.text_template ?? defaults.textBody,
    htmlBody: row.html_template,
    defaultFrom: row.default_from,
    fromName: row.from_name,
    transport: row.transport === 'smtp' ? 'smtp' : 'graph',
    smtpUrl: row.smtp_url,
    limits: {
      perSender: limits.perSender ?? defaults.limits.perSender,
      perHelpdesk: limits.perHelpdesk ?? defaults.limits.perHelpdesk,
    },
  };
}

/** The row that stores `settings`. */
export function rowFromSettings(
  settings: AutoReplySettings,
  times: { createdAt: string; updatedAt: string },
): AutoReplySettingsTable {
  return {
    resource_id: settings.resourceId,
    enabled: settings.enabled ? 1 : 0,
    only_new_helpdesks: settings.onlyNewHelpdesks ? 1 : 0,
    subject_template: settings.subject,
    text_template: settings.textBody,
    html_template: settings.htmlBody,
    default_from: settings.defaultFrom?.toLowerCase() ?? null,
    from_name: settings.fromName,
    transport: settings.transport,
    smtp_url: settings.smtpUrl,
    limits: JSON.stringify(settings.limits),
    created_at: times.createdAt,
    updated_at: times.updatedAt,
  };
}

/** The password of an SMTP URL replaced by `****`, for answers and logs. */
export function maskSmtpUrl(url: string | null): string | null {
  if (!url) return url;
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '****';
    return parsed.toString();
  } catch {
    return '****';
  }
}
