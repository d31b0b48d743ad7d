/** Graph's timestamp format: ISO-8601 UTC without milliseconds. */
export function graphDate(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
