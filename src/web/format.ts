/** A timestamp in the reader's locale, or a dash. */
export function formatTime(iso: string | null | undefined): string {
  if (!iso) return '–';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString();
}

/** "3 minutes ago"-style age of a timestamp. */
export function formatAge(iso: string | null | undefined, now = Date.now()): string {
  if (!iso) return 'never';
  const seconds = Math.round((now - new Date(iso).getTime()) / 1000);
  if (seconds < 60) return 'just now';
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ago`;
  if (seconds < 86_400) return `${Math.floor(seconds / 3600)} h ago`;
  return `${Math.floor(seconds / 86_400)} days ago`;
}

/** Reads the page's hash route: `#/messages?resource=x` → { page: 'messages', params }. */
export function readRoute(hash: string): { page: string; params: URLSearchParams } {
  const [path = '', query = ''] = hash.replace(/^#\/?/, '').split('?');
  return { page: path.split('/')[0] || 'start', params: new URLSearchParams(query) };
}

/** The message of an error for an alert line. */
export const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));
