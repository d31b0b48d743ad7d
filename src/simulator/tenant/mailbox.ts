import type { SimClock } from '../sim-clock.js';
import { wellKnownFolders, type Folder } from './folders.js';
import {
  decodeFolderId,
  decodeMessageId,
  encodeFolderId,
  encodeImmutableMessageId,
  encodeRestMessageId,
  mailboxKey,
} from './ids.js';
import { createMessageRecord, type MessageRecord } from './message-record.js';

/** A change in a mailbox folder, the source of notifications. */
export interface MailboxChange {
  type: 'created' | 'updated' | 'deleted';
  mailbox: Mailbox;
  folder: Folder;
  record: MessageRecord;
  /** The id version that identified the message in that folder (the old one for a move-out). */
  version: number;
}

/** A message that left a folder, kept for delta's `@removed`. */
export interface Tombstone {
  folder: number;
  seq: number;
  version: number;
  changeSeq: number;
}

/** The fields a caller supplies when a message is inserted. */
export type NewMessage = Omit<MessageRecord, 'seq' | 'version' | 'folder' | 'changeSeq' | 'enteredSeq'>;

/** One simulated user mailbox with its folders, messages and change history. */
export interface Mailbox {
  readonly id: string;
  readonly upn: string;
  readonly displayName: string;
  readonly tenantId: string;
  mailboxEnabled: boolean;
  readonly key: Buffer;
  readonly folders: readonly Folder[];
  readonly messages: Map<number, MessageRecord>;
  /** Highest change sequence handed out; delta watermarks compare against it. */
  readonly changeSeq: number;
  /** Delta tokens carry the epoch they were issued in; bumping it expires them all. */
  deltaEpoch: number;
  /** Oldest change a delta token may still start from (older tombstones were discarded). */
  readonly tombstoneFloor: number;
  findFolder(ref: string): Folder | undefined;
  folderByIndex(index: number): Folder;
  messageId(record: MessageRecord, immutable: boolean): string;
  versionedId(seq: number, version: number, immutable: boolean): string;
  findMessage(id: string): MessageRecord | 'malformed' | undefined;
  insert(message: NewMessage, folder: Folder): MessageRecord;
  touch(record: MessageRecord): void;
  move(record: MessageRecord, folder: Folder): void;
  remove(record: MessageRecord): void;
  listFolder(folder: Folder | undefined): MessageRecord[];
  tombstonesSince(folder: number, fromSeq: number, toSeq: number): Tombstone[];
}

const tombstoneLimit = 20_000;

/** Creates an empty mailbox with the well-known folders. */
export function createMailbox(options: {
  id: string;
  upn: string;
  displayName: string;
  tenantId: string;
  mailboxEnabled: boolean;
  clock: SimClock;
  onChange: (change: MailboxChange) => void;
}): Mailbox {
  const key = mailboxKey(options.id);
  const folders: Folder[] = wellKnownFolders.map((f, index) => ({
    ...f,
    index,
    id: encodeFolderId(key, index),
  }));
  const messages = new Map<number, MessageRecord>();
  const tombstones: Tombstone[] = [];
  let changeSeq = 0;
  let nextSeq = 1;
  let tombstoneFloor = 0;

  const folderByIndex = (index: number): Folder => {
    const folder = folders[index];
    if (!folder) throw new RangeError(`no folder ${index}`);
    return folder;
  };
  const emit = (type: MailboxChange['type'], record: MessageRecord, folder: number, version: number): void =>
    options.onChange({ type, mailbox, folder: folderByIndex(folder), record, version });
  const bury = (record: MessageRecord): void => {
    tombstones.push({
      folder: record.folder,
      seq: record.seq,
      version: record.version,
      changeSeq: ++changeSeq,
    });
    if (tombstones.length > tombstoneLimit) {
      const dropped = tombstones.splice(0, tombstones.length - tombstoneLimit);
      tombstoneFloor = dropped[dropped.length - 1]?.changeSeq ?? tombstoneFloor;
    }
  };

  const mailbox: Mailbox = {
    id: options.id,
    upn: options.upn,
    displayName: options.displayName,
    tenantId: options.tenantId,
    mailboxEnabled: options.mailboxEnabled,
    key,
    folders,
    messages,
    get changeSeq() {
      return changeSeq;
    },
    deltaEpoch: 0,
    get tombstoneFloor() {
      return tombstoneFloor;
    },
    findFolder(ref) {
      const lower = ref.toLowerCase();
      const byName = folders.find((f) => f.wellKnownName === lower);
      if (byName) return byName;
      const index = decodeFolderId(key, ref);
      return index === undefined ? undefined : folders[index];
    },
    folderByIndex,
    messageId: (record, immutable) => mailbox.versionedId(record.seq, record.version, immutable),
    versionedId: (seq, version, immutable) =>
      immutable ? encodeImmutableMessageId(key, seq) : encodeRestMessageId(key, seq, version),
    findMessage(id) {
      const decoded = decodeMessageId(key, id);
      if (decoded.kind === 'malformed') return 'malformed';
      if (decoded.kind === 'foreign') return undefined;
      const record = messages.get(decoded.seq);
      if (!record) return undefined;
      // An old REST id stops working once the message has moved (outlook-immutable-id.md).
      if (decoded.kind === 'rest' && decoded.version !== record.version) return undefined;
      return record;
    },
    insert(message, folder) {
      const seq = nextSeq++;
      const record = createMessageRecord(message, seq, folder.index, ++changeSeq);
      messages.set(seq, record);
      emit('created', record, folder.index, record.version);
      return record;
    },
    touch(record) {
      record.changeSeq = ++changeSeq;
      record.modifiedMs = options.clock.nowMs();
      emit('updated', record, record.folder, record.version);
    },
    move(record, folder) {
      const from = record.folder;
      const oldVersion = record.version;
      bury(record);
      record.folder = folder.index;
      record.version = (record.version % 0xffff) + 1;
      record.changeSeq = ++changeSeq;
      record.enteredSeq = record.changeSeq;
      record.modifiedMs = options.clock.nowMs();
      emit('deleted', record, from, oldVersion);
      emit('created', record, folder.index, record.version);
    },
    remove(record) {
      bury(record);
      messages.delete(record.seq);
      emit('deleted', record, record.folder, record.version);
    },
    listFolder(folder) {
      const out: MessageRecord[] = [];
      for (const record of messages.values()) {
        if (folder ? record.folder === folder.index : !folders[record.folder]?.hidden) out.push(record);
      }
      return out;
    },
    tombstonesSince(folder, fromSeq, toSeq) {
      return tombstones.filter((t) => t.folder === folder && t.changeSeq > fromSeq && t.changeSeq <= toSeq);
    },
  };
  return mailbox;
}
