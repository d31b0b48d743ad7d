import type { MessageRecord } from '../tenant/message-record.js';
import { GraphFailure } from './errors.js';

type Patcher = (record: MessageRecord, value: unknown) => void;

const invalid = (property: string): GraphFailure =>
  new GraphFailure(400, 'ErrorInvalidProperty', `The value of property '${property}' is invalid.`);

const draftOnly =
  (property: string): Patcher =>
  (record, value) => {
    // message-update.md: subject, body, recipients and internetMessageId are updatable only while isDraft.
    if (!record.isDraft) {
      throw new GraphFailure(
        400,
        'ErrorInvalidPropertyUpdateSentMessage',
        'Update operation not allowed on a sent message.',
      );
    }
    if (property === 'subject' && typeof value === 'string') record.subject = value;
  };

// A map of small patchers, one per updatable property of a received message (message-update.md).
const patchers: Record<string, Patcher> = {
  isread: (record, value) => {
    if (typeof value !== 'boolean') throw invalid('isRead');
    record.isRead = value;
  },
  categories: (record, value) => {
    if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) throw invalid('categories');
    record.categories = [...value];
  },
  flag: (record, value) => {
    const status = (value as { flagStatus?: unknown } | null)?.flagStatus;
    if (status !== 'notFlagged' && status !== 'flagged' && status !== 'complete') throw invalid('flag');
    record.flagStatus = status;
  },
  importance: (record, value) => {
    if (value !== 'low' && value !== 'normal' && value !== 'high') throw invalid('importance');
    record.importance = value;
  },
  inferenceclassification: (record, value) => {
    if (value !== 'focused' && value !== 'other') throw invalid('inferenceClassification');
    record.inferenceClassification = value;
  },
  singlevalueextendedproperties: (record, value) => {
    if (!Array.isArray(value)) throw invalid('singleValueExtendedProperties');
    const props = { ...(record.extendedProperties ?? {}) };
    for (const entry of value as Array<{ id?: unknown; value?: unknown }>) {
      if (typeof entry?.id !== 'string' || typeof entry.value !== 'string')
        throw invalid('singleValueExtendedProperties');
      props[entry.id] = entry.value;
    }
    record.extendedProperties = props;
  },
  subject: draftOnly('subject'),
  body: draftOnly('body'),
  torecipients: draftOnly('toRecipients'),
  ccrecipients: draftOnly('ccRecipients'),
  bccrecipients: draftOnly('bccRecipients'),
  replyto: draftOnly('replyTo'),
  internetmessageid: draftOnly('internetMessageId'),
};

/** Applies a PATCH body to a message, or throws Graph's 400 for unknown or read-only properties. */
export function applyMessagePatch(record: MessageRecord, patch: Record<string, unknown>): void {
  for (const [name, value] of Object.entries(patch)) {
    if (name.startsWith('@odata.')) continue;
    const patcher = patchers[name.toLowerCase()];
    if (!patcher) {
      throw new GraphFailure(
        400,
        'RequestBodyRead',
        `The property '${name}' does not exist on type 'microsoft.graph.message'. Make sure to only use property names that are defined by the type or mark the type as open type.`,
      );
    }
    patcher(record, value);
  }
}
