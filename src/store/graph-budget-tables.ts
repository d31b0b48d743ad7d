/**
 * Row of `graph_slots`: one of a mailbox's concurrency slots (Graph allows 4 requests in flight per app and
 * mailbox), leased by the instance whose request holds it. Used on PostgreSQL, where several instances share it.
 */
export interface GraphSlotsTable {
  /** The app registration's client id: Graph counts per app and mailbox. */
  client_id: string;
  /** Mailbox, lower case. */
  mailbox: string;
  /** 0 … limit − 1. */
  slot: number;
  /** Token of the acquisition holding the slot (instance id and a random part); null when free. */
  holder: string | null;
  /** ISO-8601 UTC; a slot whose lease ended is free again (its holder crashed or lost the database). */
  lease_until: string | null;
}

/** Row of `graph_budget`: Graph requests started for one (app, mailbox) in one bucket of the 10-minute window. */
export interface GraphBudgetTable {
  client_id: string;
  mailbox: string;
  /** ISO-8601 UTC start of the bucket (a tenth of the window). */
  bucket_start: string;
  requests: number;
}
