/** Application permissions the simulator understands (Graph app roles for mail). */
export type MailRole = 'Mail.Read' | 'Mail.ReadBasic' | 'Mail.ReadWrite' | 'Mail.Send';

/** Every mail role, the grant of the demo app. */
export const allMailRoles: readonly MailRole[] = [
  'Mail.Read',
  'Mail.ReadBasic',
  'Mail.ReadWrite',
  'Mail.Send',
];

/** A client secret of an app registration. */
export interface SeedSecret {
  value: string;
  /** ISO-8601; omitted means two years from the simulator's start. */
  expiresAt?: string;
  id?: string;
  displayName?: string;
}

/** An app registration in a seed. */
export interface SeedApp {
  clientId?: string;
  displayName?: string;
  roles?: MailRole[];
  secrets?: SeedSecret[];
  /** PEM X.509 certificates whose private keys may sign client assertions. */
  certificates?: string[];
  /** Application access policy: when set, only these mailboxes (UPN or id) are reachable. */
  allowedMailboxes?: string[];
}

/** A mailbox (an Entra user with an Exchange Online mailbox) in a seed. */
export interface SeedMailbox {
  /** Full address, or a local part that gets the tenant's domain. */
  address: string;
  id?: string;
  displayName?: string;
  /** False models a user without an Exchange Online mailbox (MailboxNotEnabledForRESTAPI). */
  mailboxEnabled?: boolean;
  /** Messages placed in the Inbox (or `folder`) at start, as Graph JSON or raw RFC 822 text. */
  messages?: Array<MessageInput | { raw: string; folder?: string }>;
}

/** A tenant in a seed. */
export interface SeedTenant {
  id?: string;
  domain: string;
  displayName?: string;
  apps?: SeedApp[];
  mailboxes?: SeedMailbox[];
}

/** What a simulator starts with; without one it holds the demo tenant. */
export interface SimulatorSeed {
  tenants: SeedTenant[];
}

/** A recipient in Graph JSON. */
export interface Recipient {
  emailAddress: { name?: string; address: string };
}

/** A file, item or reference attachment in Graph JSON, as accepted on delivery. */
export interface AttachmentInput {
  '@odata.type'?: string;
  name?: string;
  contentType?: string | null;
  contentBytes?: string;
  contentId?: string | null;
  isInline?: boolean;
  /** Reference attachments: the cloud file's URL. */
  sourceUrl?: string;
  /** Item attachments: the attached message as Graph JSON. */
  item?: MessageInput;
}

/** A message as Graph JSON, the shape deliveries and sendMail accept. */
export interface MessageInput {
  subject?: string;
  body?: { contentType?: 'html' | 'text' | 'HTML' | 'Text'; content?: string };
  from?: Recipient;
  sender?: Recipient;
  toRecipients?: Recipient[];
  ccRecipients?: Recipient[];
  bccRecipients?: Recipient[];
  replyTo?: Recipient[];
  internetMessageId?: string;
  internetMessageHeaders?: Array<{ name: string; value: string }>;
  receivedDateTime?: string;
  sentDateTime?: string;
  importance?: 'low' | 'normal' | 'high';
  isRead?: boolean;
  isDraft?: boolean;
  categories?: string[];
  flag?: { flagStatus?: string };
  attachments?: AttachmentInput[];
}

/** What a delivery returns. */
export interface DeliveredMessage {
  id: string;
  immutableId: string;
  internetMessageId: string;
  mailbox: string;
  folder: string;
}

/** Lifecycle events Graph sends for Outlook resources. */
export type LifecycleEventName = 'reauthorizationRequired' | 'subscriptionRemoved' | 'missed';
