/** A mail folder of a simulated mailbox. */
export interface Folder {
  index: number;
  id: string;
  wellKnownName: string;
  displayName: string;
  /** Index of the parent folder, or -1 for the root. */
  parent: number;
  /** Hidden folders (Recoverable Items) are outside the visible message tree. */
  hidden: boolean;
}

/**
 * Well-known folder names Graph accepts in place of ids (mailFolder resource, "well-known folder names").
 * Recoverable Items Deletions is where a DELETE puts a message: the user can't see it (graph-protocol.md §F.4).
 */
export const wellKnownFolders: ReadonlyArray<Omit<Folder, 'index' | 'id'>> = [
  { wellKnownName: 'msgfolderroot', displayName: 'Top of Information Store', parent: -1, hidden: false },
  { wellKnownName: 'inbox', displayName: 'Inbox', parent: 0, hidden: false },
  { wellKnownName: 'drafts', displayName: 'Drafts', parent: 0, hidden: false },
  { wellKnownName: 'sentitems', displayName: 'Sent Items', parent: 0, hidden: false },
  { wellKnownName: 'deleteditems', displayName: 'Deleted Items', parent: 0, hidden: false },
  { wellKnownName: 'junkemail', displayName: 'Junk Email', parent: 0, hidden: false },
  { wellKnownName: 'outbox', displayName: 'Outbox', parent: 0, hidden: false },
  { wellKnownName: 'archive', displayName: 'Archive', parent: 0, hidden: false },
  { wellKnownName: 'recoverableitemsdeletions', displayName: 'Deletions', parent: -1, hidden: true },
];
