import type * as Graph from '@microsoft/microsoft-graph-types';
import { isAppError } from '../../errors/index.js';
import type { GraphHttp } from '../graph-http.js';

/** A subscription as ms-inbox keeps it. */
export interface SubscriptionInfo {
  id: string;
  resource: string;
  expirationDateTime: string;
  notificationUrl: string;
  lifecycleNotificationUrl: string | null;
}

/** What a new Inbox subscription needs. */
interface CreateSubscriptionInput {
  mailbox: string;
  notificationUrl: string;
  lifecycleNotificationUrl: string;
  clientState: string;
  expirationMinutes: number;
  now?: Date;
}

/** The Inbox of a mailbox, by its well-known name so a localised folder name does not matter (DESIGN §9). */
function inboxResource(mailbox: string): string {
  return `users/${mailbox}/mailFolders('Inbox')/messages`;
}

const toInfo = (s: Graph.Subscription): SubscriptionInfo => ({
  id: s.id ?? '',
  resource: s.resource ?? '',
  expirationDateTime: s.expirationDateTime ?? '',
  notificationUrl: s.notificationUrl ?? '',
  lifecycleNotificationUrl: s.lifecycleNotificationUrl ?? null,
});

const expiryAfter = (minutes: number, now: Date) => new Date(now.getTime() + minutes * 60_000).toISOString();

/**
 * The allowed lifetime Graph names when a request asks for too much: `400 ExtensionError "Subscription expiration
 * can only be 10070 minutes in the future."` (graph-protocol §0). Graph gives the limit only in this text.
 */
function allowedMinutesFrom(error: unknown): number | null {
  if (!isAppError(error)) return null;
  const params = error.params as { graphCode?: string; graphMessage?: string };
  if (params.graphCode !== 'ExtensionError') return null;
  const match = /can only be (\d+) minutes/.exec(params.graphMessage ?? '');
  return match ? Number(match[1]) : null;
}

/** Creates a subscription, or renews one, retrying once with the lifetime Graph says it allows. */
async function withClamp<T>(minutes: number, call: (minutes: number) => Promise<T>): Promise<T> {
  try {
    return await call(minutes);
  } catch (error) {
    const allowed = allowedMinutesFrom(error);
    if (allowed === null || allowed >= minutes) throw error;
    // A minute of margin: the limit is counted from Graph's receipt of the request, not from our clock.
    return call(Math.max(1, allowed - 1));
  }
}

/** Subscription operations of one client. */
export function createSubscriptionOperations(http: GraphHttp) {
  return {
    async create(input: CreateSubscriptionInput): Promise<SubscriptionInfo> {
      return withClamp(input.expirationMinutes, async (minutes) => {
        const response = await http.send<Graph.Subscription>({
          operation: 'subscriptions.create',
          method: 'POST',
          path: '/subscriptions',
          mailbox: input.mailbox,
          json: {
            changeType: 'created',
            notificationUrl: input.notificationUrl,
            lifecycleNotificationUrl: input.lifecycleNotificationUrl,
            resource: inboxResource(input.mailbox),
            expirationDateTime: expiryAfter(minutes, input.now ?? new Date()),
            clientState: input.clientState,
          },
        });
        return toInfo(response.body);
      });
    },

    async renew(input: {
      id: string;
      mailbox: string;
      expirationMinutes: number;
      now?: Date;
    }): Promise<SubscriptionInfo> {
      return withClamp(input.expirationMinutes, async (minutes) => {
        const response = await http.send<Graph.Subscription>({
          operation: 'subscriptions.renew',
          method: 'PATCH',
          path: `/subscriptions/${encodeURIComponent(input.id)}`,
          mailbox: input.mailbox,
          json: { expirationDateTime: expiryAfter(minutes, input.now ?? new Date()) },
        });
        return toInfo(response.body);
      });
    },

    async delete(input: { id: string; mailbox: string | null }): Promise<void> {
      await http.send({
        operation: 'subscriptions.delete',
        method: 'DELETE',
        path: `/subscriptions/${encodeURIComponent(input.id)}`,
        mailbox: input.mailbox,
        expect: 'none',
      });
    },

    async list(): Promise<SubscriptionInfo[]> {
      const all: SubscriptionInfo[] = [];
      let next: string | null = '/subscriptions';
      while (next) {
        const page: GraphResponse = await http.send({
          operation: 'subscriptions.list',
          method: 'GET',
          path: next,
          mailbox: null,
        });
        all.push(...(page.body.value ?? []).map(toInfo));
        next = page.body['@odata.nextLink'] ?? null;
      }
      return all;
    },
  };
}

type GraphResponse = { body: { value?: Graph.Subscription[]; '@odata.nextLink'?: string } };
