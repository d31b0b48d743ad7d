/** The Message-IDs of a header value (`In-Reply-To`, `References`), each as `<id@host>`, in order. */
export function parseMessageIds(value: string | null | undefined): string[] {
  if (!value) return [];
  return [...value.matchAll(/<([^<>\s]+)>/g)].map((m) => `<${m[1]}>`);
}

/** A Message-ID in the stored form `<id@host>`; null when there is none. */
export function normalizeMessageId(value: string | null | undefined): string | null {
  if (!value) return null;
  const trimmed = value.trim();
  if (trimmed === '') return null;
  return parseMessageIds(trimmed)[0] ?? `<${trimmed.replace(/^<|>$/g, '')}>`;
}
