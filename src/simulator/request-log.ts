/** Where a logged request went: Graph, the Entra token/discovery endpoints, or out to a notification URL. */
export type RequestKind = 'graph' | 'entra' | 'notification' | 'validation';

/** One request the simulator served or sent. */
export interface RequestLogEntry {
  seq: number;
  kind: RequestKind;
  method: string;
  /** Path with query for inbound requests; the full URL for outbound notification and validation posts. */
  path: string;
  status: number;
  /** Operation name, e.g. `message.get`, `messages.delta`, `batch`, `token`, `notification.deliver`. */
  operation: string;
  /** Mailbox UPN (or the id as sent) for mailbox-scoped requests. */
  mailbox?: string;
  clientId?: string;
  /** Graph error code or AADSTS error when the request failed. */
  errorCode?: string;
  /** The injected fault that shaped the answer, if any. */
  fault?: string;
  /** `$batch`: how many requests it carried; notifications: how many items the POST carried. */
  batchItemCount?: number;
  /** Set on requests executed inside a `$batch`: the request id of the enclosing batch. */
  batchRequestId?: string;
  requestId?: string;
  /** Simulated time, ISO-8601. */
  startedAt: string;
  finishedAt: string;
  durationMs: number;
}

/** Filter for reading the log. */
export interface RequestLogFilter {
  kind?: RequestKind;
  mailbox?: string;
  operation?: string;
  sinceSeq?: number;
}

/** The in-memory request log of one simulator. */
export interface RequestLog {
  add(entry: Omit<RequestLogEntry, 'seq'>): RequestLogEntry;
  list(filter?: RequestLogFilter): RequestLogEntry[];
  clear(): void;
}

/** Creates a bounded request log (oldest entries drop first). */
export function createRequestLog(options: { limit?: number } = {}): RequestLog {
  const limit = options.limit ?? 50_000;
  let entries: RequestLogEntry[] = [];
  let seq = 0;
  return {
    add(entry) {
      const full = { seq: ++seq, ...entry };
      entries.push(full);
      if (entries.length > limit) entries = entries.slice(entries.length - limit);
      return full;
    },
    list(filter = {}) {
      const mailbox = filter.mailbox?.toLowerCase();
      return entries.filter(
        (e) =>
          (filter.kind === undefined || e.kind === filter.kind) &&
          (filter.operation === undefined || e.operation === filter.operation) &&
          (mailbox === undefined || e.mailbox?.toLowerCase() === mailbox) &&
          (filter.sinceSeq === undefined || e.seq > filter.sinceSeq),
      );
    },
    clear() {
      entries = [];
    },
  };
}
