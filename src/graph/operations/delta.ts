import type * as Graph from '@microsoft/microsoft-graph-types';
import type { GraphHttp } from '../graph-http.js';

/** One page of Inbox changes. */
export interface DeltaPage {
  messages: Array<Pick<Graph.Message, 'id' | 'internetMessageId' | 'receivedDateTime' | 'subject'>>;
  removedIds: string[];
  /** Set on the last page: where the next round starts. */
  deltaLink: string | null;
}

interface DeltaBody {
  value: Array<Graph.Message & { '@removed'?: { reason: string } }>;
  '@odata.nextLink'?: string;
  '@odata.deltaLink'?: string;
}

/** Delta query on a mailbox's Inbox: from the stored deltaLink, or from the start when there is none. */
export function createDeltaOperations(http: GraphHttp) {
  return {
    /**
     * Yields pages until Graph hands out a deltaLink. An expired link throws `MSI_GRAPH_SYNC_STATE_GONE`;
     * the caller then starts again without one (a full resync).
     */
    async *inbox(mailbox: string, deltaLink: string | null, options: { pageSize?: number } = {}) {
      let next: string | null =
        deltaLink ?? `/users/${encodeURIComponent(mailbox)}/mailFolders/inbox/messages/delta`;
      let first = deltaLink === null;
      while (next) {
        const page: { body: DeltaBody } = await http.send<DeltaBody>({
          operation: 'messages.delta',
          method: 'GET',
          path: next,
          mailbox,
          query: first ? { $select: 'id,internetMessageId,receivedDateTime,subject' } : undefined,
          headers: { prefer: `odata.maxpagesize=${options.pageSize ?? 100}` },
        });
        first = false;
        const removedIds = page.body.value.filter((m) => m['@removed']).map((m) => m.id ?? '');
        const messages = page.body.value
          .filter((m) => !m['@removed'])
          .map((m) => ({
            id: m.id,
            internetMessageId: m.internetMessageId,
            receivedDateTime: m.receivedDateTime,
            subject: m.subject,
          }));
        const result: DeltaPage = { messages, removedIds, deltaLink: page.body['@odata.deltaLink'] ?? null };
        yield result;
        next = page.body['@odata.nextLink'] ?? null;
      }
    },
  };
}
