import type { AutoReplySettings, ReplyLimit } from './auto-reply-settings.js';

const addressPattern = /^[^\s@<>",;]+@[^\s@<>",;]+\.[^\s@<>",;]+$/;
const lineBreak = /[\r\n]/;
const maxWindowMinutes = 43_200;

/** True for a plain mail address (`name@example.org`), the only form the from address may take. */
function isMailAddress(value: string): boolean {
  return value.length <= 320 && addressPattern.test(value);
}

type Check = (settings: AutoReplySettings) => string[];

const text =
  (field: 'subject' | 'textBody' | 'htmlBody' | 'fromName', maxLength: number, options: { line?: boolean }) =>
  (settings: AutoReplySettings): string[] => {
    const value: unknown = settings[field];
    if (value === null && (field === 'htmlBody' || field === 'fromName')) return [];
    if (typeof value !== 'string') return [`${field}: must be a string`];
    if (field !== 'htmlBody' && field !== 'fromName' && value.trim() === '')
      return [`${field}: must not be empty`];
    if (value.length > maxLength) return [`${field}: must be at most ${maxLength} characters`];
    // A line break in a header value would let a template add headers of its own.
    if (options.line && lineBreak.test(value)) return [`${field}: must be one line`];
    return [];
  };

const limitList =
  (field: 'perSender' | 'perHelpdesk') =>
  (settings: AutoReplySettings): string[] => {
    const list: unknown = settings.limits?.[field];
    if (!Array.isArray(list)) return [`limits.${field}: must be a list of { windowMinutes, max }`];
    if (list.length > 10) return [`limits.${field}: at most 10 windows`];
    return list.flatMap((item: Partial<ReplyLimit>, i) => {
      const where = `limits.${field}[${i}]`;
      const problems: string[] = [];
      const { windowMinutes, max } = item ?? {};
      if (
        !Number.isInteger(windowMinutes) ||
        (windowMinutes ?? 0) < 1 ||
        (windowMinutes ?? 0) > maxWindowMinutes
      )
        problems.push(
          `${where}.windowMinutes: must be a whole number of minutes from 1 to ${maxWindowMinutes}`,
        );
      if (!Number.isInteger(max) || (max ?? -1) < 0 || (max ?? 0) > 10_000)
        problems.push(`${where}.max: must be a whole number from 0 to 10000`);
      return problems;
    });
  };

const checks: Check[] = [
  (s) => (typeof s.enabled === 'boolean' ? [] : ['enabled: must be true or false']),
  (s) => (typeof s.onlyNewHelpdesks === 'boolean' ? [] : ['onlyNewHelpdesks: must be true or false']),
  text('subject', 998, { line: true }),
  text('textBody', 100_000, {}),
  text('htmlBody', 500_000, {}),
  text('fromName', 200, { line: true }),
  (s) =>
    s.defaultFrom === null || (typeof s.defaultFrom === 'string' && isMailAddress(s.defaultFrom))
      ? []
      : ['defaultFrom: must be a mail address such as support@contoso.com, or null'],
  (s) => (s.transport === 'graph' || s.transport === 'smtp' ? [] : ['transport: must be "graph" or "smtp"']),
  (s) => {
    if (s.smtpUrl === null)
      return s.transport === 'smtp' ? ['smtpUrl: is required with transport "smtp"'] : [];
    if (typeof s.smtpUrl !== 'string') return ['smtpUrl: must be a string or null'];
    try {
      const url = new URL(s.smtpUrl);
      if (!['smtp:', 'smtps:'].includes(url.protocol) || url.hostname === '')
        return ['smtpUrl: must look like smtp://user:password@host:587 or smtps://host:465'];
      return [];
    } catch {
      return ['smtpUrl: is not a URL (smtp://user:password@host:587)'];
    }
  },
  limitList('perSender'),
  limitList('perHelpdesk'),
];

/** Every problem of a complete settings object, each prefixed by its field; empty when valid. */
export function validateAutoReplySettings(settings: AutoReplySettings): string[] {
  return checks.flatMap((check) => check(settings));
}
