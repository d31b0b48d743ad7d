/** What an admin asks to recover. */
export interface RecoveryRequest {
  type: 'failed' | 'unprocessed';
  since: string;
  resourceId?: string | null;
  messageIds?: string[] | null;
}

// A calendar date, optionally with a time of day and an offset: 2026-11-20, 2026-11-20T08:30, 2026-11-20T08:30:00Z.
const isoDatePattern =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/**
 * The instant an ISO-8601 date names, or null when it is not one: `Date.parse` alone takes `1`, `March 7` and
 * `2026-02-30` (as 2 March), each of which would recover from a date nobody meant.
 */
export function parseIsoDate(text: string): Date | null {
  const match = isoDatePattern.exec(text.trim());
  if (!match) return null;
  const [, year, month, day, hour = '0', minute = '0', second = '0'] = match;
  const calendar = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)));
  const sameDay =
    calendar.getUTCFullYear() === Number(year) &&
    calendar.getUTCMonth() === Number(month) - 1 &&
    calendar.getUTCDate() === Number(day);
  if (!sameDay || Number(hour) > 23 || Number(minute) > 59 || Number(second) > 59) return null;
  const parsed = new Date(text.trim());
  return Number.isNaN(parsed.getTime()) ? null : parsed;
}

/** Every problem of a recovery request, each naming its field; empty when it may start. */
export function recoveryRequestProblems(request: RecoveryRequest, now: Date): string[] {
  const problems: string[] = [];
  if (request.type !== 'failed' && request.type !== 'unprocessed')
    problems.push('type: must be failed or unprocessed');
  const since = typeof request.since === 'string' ? parseIsoDate(request.since) : null;
  if (!since) {
    problems.push(
      `since: "${String(request.since ?? '').slice(0, 40)}" is not an ISO-8601 date (e.g. 2026-11-20)`,
    );
  } else if (since.getTime() > now.getTime()) {
    problems.push(
      `since: ${since.toISOString()} is in the future (now is ${now.toISOString()}); no mail has arrived since then`,
    );
  }
  if (request.messageIds && (!Array.isArray(request.messageIds) || request.messageIds.length > 10_000)) {
    problems.push('messageIds: must be a list of at most 10,000 ids');
  }
  return problems;
}
