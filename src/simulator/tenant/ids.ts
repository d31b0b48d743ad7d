/**
 * Graph-looking opaque ids that encode what the simulator needs to find the item again, so no id map is stored.
 * Real Outlook ids are long base64 strings with `-`, `_` and `=` padding ("AAMkAG…AAA="); these have the same
 * alphabet and a similar length, so clients that mishandle URL-encoding or column sizes fail here too.
 */

const enum Marker {
  RestMessage = 1,
  ImmutableMessage = 2,
  Folder = 3,
  Attachment = 4,
}

const restPrefix = 'AAMkA';
const immutablePrefix = 'AAkALgAAAAAAHYQDEapmEc2byACqAC-EWg0A';
const folderPrefix = 'AAMkA';
const attachmentPrefix = 'AAMkA';

function encode(prefix: string, bytes: Buffer): string {
  return prefix + bytes.toString('base64').replace(/\+/g, '-').replace(/\//g, '_');
}

function decode(prefix: string, id: string): Buffer | undefined {
  if (!id.startsWith(prefix)) return undefined;
  const body = id.slice(prefix.length);
  if (!/^[A-Za-z0-9\-_]+=*$/.test(body)) return undefined;
  return Buffer.from(body.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
}

/** Sixteen bytes that identify a mailbox inside ids (its GUID). */
export function mailboxKey(mailboxGuid: string): Buffer {
  return Buffer.from(mailboxGuid.replace(/-/g, ''), 'hex');
}

function payload(marker: Marker, key: Buffer, numbers: Array<[number, 2 | 4]>, padTo: number): Buffer {
  const size = Math.max(padTo, 1 + key.length + numbers.reduce((s, [, w]) => s + w, 0));
  const out = Buffer.alloc(size);
  out[0] = marker;
  key.copy(out, 1);
  let at = 1 + key.length;
  for (const [value, width] of numbers) {
    if (width === 4) out.writeUInt32BE(value, at);
    else out.writeUInt16BE(value, at);
    at += width;
  }
  // Deterministic filler derived from the key keeps ids long like Exchange's without storing anything.
  for (let i = at; i < size; i++) out[i] = (key[i % key.length] ?? 0) ^ 0x5a;
  return out;
}

function read(
  bytes: Buffer | undefined,
  marker: Marker,
  key: Buffer,
  widths: Array<2 | 4>,
): number[] | undefined {
  if (!bytes || bytes.length < 1 + key.length + widths.reduce<number>((s, w) => s + w, 0)) return undefined;
  if (bytes[0] !== marker || !bytes.subarray(1, 1 + key.length).equals(key)) return undefined;
  let at = 1 + key.length;
  return widths.map((w) => {
    const v = w === 4 ? bytes.readUInt32BE(at) : bytes.readUInt16BE(at);
    at += w;
    return v;
  });
}

/** The REST (mutable) id of a message: it changes whenever the message moves. */
export function encodeRestMessageId(key: Buffer, seq: number, version: number): string {
  return encode(
    restPrefix,
    payload(
      Marker.RestMessage,
      key,
      [
        [seq, 4],
        [version, 2],
      ],
      70,
    ),
  );
}

/** The immutable id of a message (`Prefer: IdType="ImmutableId"`): stable across folder moves. */
export function encodeImmutableMessageId(key: Buffer, seq: number): string {
  return encode(immutablePrefix, payload(Marker.ImmutableMessage, key, [[seq, 4]], 46));
}

/** The result of reading a message id. */
export type DecodedMessageId =
  | { kind: 'rest'; seq: number; version: number }
  | { kind: 'immutable'; seq: number }
  | { kind: 'foreign' }
  | { kind: 'malformed' };

/** Reads a message id of this mailbox; `foreign` is well-formed but belongs elsewhere. */
export function decodeMessageId(key: Buffer, id: string): DecodedMessageId {
  const imm = decode(immutablePrefix, id);
  if (imm) {
    const v = read(imm, Marker.ImmutableMessage, key, [4]);
    return v ? { kind: 'immutable', seq: v[0] ?? 0 } : { kind: 'foreign' };
  }
  const rest = decode(restPrefix, id);
  if (rest && rest[0] === Marker.RestMessage) {
    const v = read(rest, Marker.RestMessage, key, [4, 2]);
    return v ? { kind: 'rest', seq: v[0] ?? 0, version: v[1] ?? 0 } : { kind: 'foreign' };
  }
  return rest && rest.length > 8 ? { kind: 'foreign' } : { kind: 'malformed' };
}

/** The id of a mail folder. */
export function encodeFolderId(key: Buffer, index: number): string {
  return encode(folderPrefix, payload(Marker.Folder, key, [[index, 2]], 46));
}

/** Reads a folder id of this mailbox. */
export function decodeFolderId(key: Buffer, id: string): number | undefined {
  return read(decode(folderPrefix, id), Marker.Folder, key, [2])?.[0];
}

/** The id of an attachment (stable: attachments never move without their message). */
export function encodeAttachmentId(key: Buffer, seq: number, index: number): string {
  return encode(
    attachmentPrefix,
    payload(
      Marker.Attachment,
      key,
      [
        [seq, 4],
        [index, 2],
      ],
      52,
    ),
  );
}

/** Reads an attachment id: the message seq and the attachment index. */
export function decodeAttachmentId(key: Buffer, id: string): { seq: number; index: number } | undefined {
  const v = read(decode(attachmentPrefix, id), Marker.Attachment, key, [4, 2]);
  return v ? { seq: v[0] ?? 0, index: v[1] ?? 0 } : undefined;
}

/** A change key (and `@odata.etag` payload) that changes whenever the message changes. */
export function encodeChangeKey(seq: number, changeSeq: number): string {
  const b = Buffer.alloc(16);
  b.write('CQAAABYA', 0, 'latin1');
  b.writeUInt32BE(seq, 8);
  b.writeUInt32BE(changeSeq, 12);
  return b.toString('base64');
}
