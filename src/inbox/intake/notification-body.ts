/** One change notification item as Graph posts it (graph-protocol §C.1), reduced to what intake reads. */
export interface NotificationItem {
  subscriptionId: string;
  clientState: string | null;
  changeType: string;
  messageId: string;
  tenantId: string | null;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

// Graph's ids and names are printable; a control character (NUL above all, which PostgreSQL text cannot hold)
// marks a forged item, refused as malformed instead of failing the whole POST with a 500.
const hasControlCharacter = (value: string): boolean => {
  for (let i = 0; i < value.length; i += 1) {
    const code = value.charCodeAt(i);
    if (code < 0x20 || code === 0x7f) return true;
  }
  return false;
};

/** The value when it is a string of 1..max characters without control characters, else null. */
export const shortString = (value: unknown, max: number): string | null =>
  typeof value === 'string' && value.length > 0 && value.length <= max && !hasControlCharacter(value)
    ? value
    : null;

/**
 * Reads a `changeNotificationCollection`; returns the well-formed items and how many were malformed,
 * or null when the body is not a collection at all.
 */
export function parseNotificationBody(
  body: unknown,
): { items: NotificationItem[]; malformed: number } | null {
  if (!isObject(body) || !Array.isArray(body.value)) return null;
  const items: NotificationItem[] = [];
  let malformed = 0;
  for (const raw of body.value.slice(0, 1000)) {
    const resourceData = isObject(raw) && isObject(raw.resourceData) ? raw.resourceData : null;
    const subscriptionId = isObject(raw) ? shortString(raw.subscriptionId, 200) : null;
    const messageId = resourceData ? shortString(resourceData.id, 1000) : null;
    const changeType = isObject(raw) ? shortString(raw.changeType, 50) : null;
    if (!isObject(raw) || !subscriptionId || !messageId || !changeType) {
      malformed += 1;
      continue;
    }
    items.push({
      subscriptionId,
      clientState: typeof raw.clientState === 'string' ? raw.clientState : null,
      changeType,
      messageId,
      tenantId: shortString(raw.tenantId, 100),
    });
  }
  malformed += Math.max(0, body.value.length - 1000);
  return { items, malformed };
}
