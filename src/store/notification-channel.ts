/** Channel names are SQL identifiers on PostgreSQL (`LISTEN name`); keeping them plain avoids quoting. */
export function assertChannelName(channel: string): void {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(channel)) throw new Error(`invalid notification channel ${channel}`);
}
