import type { Transaction } from 'kysely';
import type { Readable } from 'node:stream';
import type { AttachmentInfo } from '../graph/index.js';
import type { Database } from '../store/index.js';

/** An attachment of the mail: metadata as Graph reports it (`AttachmentInfo`), content streamed on demand. */
export interface EmailAttachmentData extends AttachmentInfo {
  /** Streams the raw content: a file's bytes, an attached mail's MIME (`item`); reference attachments have none. */
  open(): Promise<Readable>;
}

/**
 * What the pipeline hands a handler: the seed's `email_data` — the Graph message fields as fetched
 * (default `$select` + `custom_select` + `internetMessageHeaders`) plus what ms-inbox adds.
 */
export interface EmailData {
  /** The Graph message JSON as fetched. */
  message: Readonly<Record<string, unknown>>;
  /** The watched mailbox the mail arrived in (the seed's `subscriptionEmail`). */
  subscriptionEmail: string;
  attachments: readonly EmailAttachmentData[];
  /** True when a mail with the same internetMessageId was already processed for this resource. */
  isProcessed: boolean;
  /** Streams the whole mail as MIME (RFC 822). */
  openMime(): Promise<Readable>;
  /** Ledger id of the mail in ms-inbox. */
  ledgerId: string;
  /** 1 for the first attempt. */
  attempt: number;
}

/** The resource (watched mailbox) a mail belongs to, as handlers see it. */
export interface HandlerResource {
  id: string;
  clientName: string;
  email: string;
}

/** One call of a handler. */
export interface HandlerCall {
  kind: 'notification' | 'recovery';
  email: EmailData;
  resource: HandlerResource;
  /** Aborted when the handler's time is up. */
  signal: AbortSignal;
}

/**
 * What a handler decided. `processed` may carry `commit`: the handler's unit of work, which the pipeline runs
 * in the same database transaction that marks the mail Processed (DESIGN §4), so a crash can never leave a
 * ticket without a Processed mail or the reverse. A handler that throws makes the mail Failed.
 */
export type HandlerDecision =
  | { status: 'processed'; result?: unknown; commit?: (trx: Transaction<Database>) => Promise<unknown> }
  | { status: 'skipped'; reason?: string };

/** A handler endpoint: what a resource's webhook or recovery target names. */
export type MailHandler = (call: HandlerCall) => Promise<HandlerDecision>;

/** Finds the handler a target names: an endpoint path such as `/inbox/`, or an `https://` URL. */
export interface HandlerDirectory {
  /** The handler for `target`, or null when nothing answers it. */
  resolve(target: string): MailHandler | null;
  /** The targets known by name (endpoint paths), for validation messages. */
  knownTargets(): string[];
}

/** A directory over a fixed map of endpoint paths, the simplest handler source (tests, embedding). */
export function createStaticHandlerDirectory(handlers: Record<string, MailHandler>): HandlerDirectory {
  const byPath = new Map(Object.entries(handlers));
  return {
    resolve: (target) => byPath.get(target) ?? null,
    knownTargets: () => [...byPath.keys()],
  };
}
