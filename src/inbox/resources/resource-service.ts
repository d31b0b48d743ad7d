import { randomUUID } from 'node:crypto';
import { createEgressGuard } from '../../egress/index.js';
import { isAppError, ResourceExists, ResourceInvalid, ResourceNotFound } from '../../errors/index.js';
import { isoNow } from '../../shared/index.js';
import type { MessageStatus } from '../../store/index.js';
import type { InboxDeps } from '../inbox-deps.js';
import { inboxJobs } from '../inbox-jobs.js';
import {
  findResource,
  findResourceByEmail,
  findSubscription,
  type ResourceRow,
} from './resource-repository.js';
import { createResourceHealth, type ResourceHealth, type ResourceStatus } from './resource-health.js';
import type { ResourceState } from './resource-state.js';
import { validateResourceFields, type ResourceInput } from './resource-validation.js';

/** A resource as the admin API, CLI and UI show it. */
export interface ResourceView {
  id: string;
  clientName: string;
  email: string;
  webhookTarget: string;
  recoveryTarget: string | null;
  inactive: boolean;
  disposal: { mode: string; folder: string | null; category: string | null };
  failedCategory: string | null;
  state: ResourceState;
  stateReason: string | null;
  subscription: { id: string | null; expiresAt: string | null } | null;
  lastNotificationAt: string | null;
  counts: Record<MessageStatus, number>;
  /** Every mail reconciliation ever found that no notification announced. */
  missedByNotifications: number;
  /** Such mails within the last 24 hours; any makes the resource Degraded. */
  missedRecently: { count: number; lastAt: string | null };
  /** Processed mails still in the Inbox because their disposal gave up; any makes the resource Degraded. */
  disposalFailures: ResourceHealth['disposalFailures'];
  createdAt: string;
  updatedAt: string;
}

/** Resources: add, change, remove and list watched mailboxes, with validation and their subscriptions' jobs. */
export function createResourceService(deps: InboxDeps) {
  const { store, queue, clock, config, handlers } = deps;
  const context = {
    clientNames: config.clients.map((c) => c.name),
    targetExists: (target: string) => handlers.resolve(target) !== null,
  };

  const health = createResourceHealth(deps);
  const toView = ({ row, subscription, health: mail, state, stateReason }: ResourceStatus): ResourceView => ({
    id: row.id,
    clientName: row.client_name,
    email: row.email,
    webhookTarget: row.webhook_target,
    recoveryTarget: row.recovery_target,
    inactive: row.inactive === 1,
    disposal: { mode: row.disposal_mode, folder: row.disposal_folder, category: row.disposal_category },
    failedCategory: row.failed_category,
    state,
    stateReason,
    subscription: subscription
      ? { id: subscription.subscription_id, expiresAt: subscription.expires_at }
      : null,
    lastNotificationAt: subscription?.last_notification_at ?? null,
    counts: mail.counts,
    missedByNotifications: mail.missed.total,
    missedRecently: { count: mail.missed.recent, lastAt: mail.missed.lastAt },
    disposalFailures: mail.disposalFailures,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  });
  const viewOf = async (row: ResourceRow): Promise<ResourceView> => {
    const [status] = await health.list({ rows: [row] });
    if (!status) throw ResourceNotFound.create({ id: row.id });
    return toView(status);
  };

  const egress = deps.egress ?? createEgressGuard(deps.config.server.egress);
  /** External targets must not reach internal addresses (egress guard), checked when they are saved. */
  const egressProblems = async (input: Partial<ResourceInput>): Promise<string[]> => {
    const problems: string[] = [];
    for (const field of ['webhookTarget', 'recoveryTarget'] as const) {
      const target = input[field];
      if (!target || target.startsWith('/')) continue;
      try {
        await egress.checkTarget(target);
      } catch (error) {
        if (!isAppError(error)) throw error;
        problems.push(`${field}: ${error.message}`);
      }
    }
    return problems;
  };

  const requireRow = async (id: string): Promise<ResourceRow> => {
    const row = await findResource(store.db, id);
    if (!row) throw ResourceNotFound.create({ id });
    return row;
  };

  return {
    async add(input: ResourceInput): Promise<ResourceView> {
      const problems = validateResourceFields(input, context);
      for (const field of ['clientName', 'email', 'webhookTarget'] as const) {
        if (!input[field]) problems.unshift(`${field}: required`);
      }
      if (problems.length === 0) problems.push(...(await egressProblems(input)));
      if (problems.length > 0) throw ResourceInvalid.create({ problems });
      const email = input.email.toLowerCase();
      if (await findResourceByEmail(store.db, input.clientName, email)) {
        throw ResourceExists.create({ clientName: input.clientName, email });
      }
      const now = isoNow(clock);
      const id = randomUUID();
      await store.transaction(async (trx) => {
        await trx
          .insertInto('resources')
          .values({
            id,
            client_name: input.clientName,
            email,
            webhook_target: input.webhookTarget,
            recovery_target: input.recoveryTarget ?? null,
            inactive: input.inactive ? 1 : 0,
            disposal_mode: input.disposal?.mode ?? 'soft-delete',
            disposal_folder: input.disposal?.folder ?? null,
            disposal_category: input.disposal?.category ?? null,
            failed_category: input.failedCategory ?? null,
            created_at: now,
            updated_at: now,
          })
          .execute();
        await trx
          .insertInto('resource_subscriptions')
          .values({ resource_id: id, state: 'none', failures: 0, created_at: now, updated_at: now })
          .execute();
        await queue.enqueue(trx, {
          job: inboxJobs.ensureSubscription,
          payload: { resourceId: id, trigger: 'added' },
          uniqueKey: `subscription:${id}`,
        });
      });
      return viewOf(await requireRow(id));
    },

    async update(id: string, patch: Partial<Omit<ResourceInput, 'clientName'>>): Promise<ResourceView> {
      const row = await requireRow(id);
      const problems = validateResourceFields(patch, context);
      if (problems.length === 0) problems.push(...(await egressProblems(patch)));
      if (problems.length > 0) throw ResourceInvalid.create({ problems });
      const email = patch.email?.toLowerCase();
      if (email && email !== row.email && (await findResourceByEmail(store.db, row.client_name, email))) {
        throw ResourceExists.create({ clientName: row.client_name, email });
      }
      const reactivated = row.inactive === 1 && patch.inactive === false;
      const moved = Boolean(email && email !== row.email);
      await store.transaction(async (trx) => {
        // Read under a row lock (PostgreSQL), so a subscription that an ensure run writes meanwhile is either
        // seen here (and deleted) or finds its clientState gone and deletes itself (subscription-manager.ts).
        let oldSubscriptionQuery = trx
          .selectFrom('resource_subscriptions')
          .select('subscription_id')
          .where('resource_id', '=', id);
        if (moved && store.dialect === 'postgres') oldSubscriptionQuery = oldSubscriptionQuery.forUpdate();
        const oldSubscription = moved ? await oldSubscriptionQuery.executeTakeFirst() : undefined;
        await trx
          .updateTable('resources')
          .set({
            ...(email ? { email } : {}),
            ...(patch.webhookTarget ? { webhook_target: patch.webhookTarget } : {}),
            ...(patch.recoveryTarget !== undefined ? { recovery_target: patch.recoveryTarget } : {}),
            ...(patch.inactive !== undefined ? { inactive: patch.inactive ? 1 : 0 } : {}),
            ...(patch.disposal
              ? {
                  disposal_mode: patch.disposal.mode,
                  disposal_folder: patch.disposal.folder ?? null,
                  disposal_category: patch.disposal.category ?? null,
                }
              : {}),
            ...(patch.failedCategory !== undefined ? { failed_category: patch.failedCategory } : {}),
            updated_at: isoNow(clock),
          })
          .where('id', '=', id)
          .execute();
        if (reactivated) {
          // The seed: an inactive inbox's mail waits as Unprocessed; re-activation hands it over.
          const waiting = await trx
            .selectFrom('messages')
            .select('id')
            .where('resource_id', '=', id)
            .where('status', '=', 'unprocessed')
            .execute();
          for (const message of waiting) {
            await queue.enqueue(trx, {
              job: inboxJobs.processMessage,
              payload: { ledgerId: message.id, kind: 'notification' },
              uniqueKey: `process:${message.id}`,
              maxAttempts: deps.settings.processAttempts,
            });
          }
          await queue.enqueue(trx, {
            job: inboxJobs.reconcileResource,
            payload: { resourceId: id, reason: 'reactivated' },
            uniqueKey: `reconcile:${id}`,
          });
        }
        if (moved) {
          // Another mailbox: the old subscription and delta link watch the old one. Drop both, so the next
          // ensure creates a subscription for the new address and reconciliation starts from its Inbox.
          if (oldSubscription?.subscription_id) {
            await queue.enqueue(trx, {
              job: inboxJobs.deleteSubscription,
              payload: {
                clientName: row.client_name,
                email: row.email,
                subscriptionId: oldSubscription.subscription_id,
              },
            });
          }
          await trx
            .updateTable('resource_subscriptions')
            .set({
              subscription_id: null,
              client_state: null,
              expires_at: null,
              state: 'none',
              last_error: null,
              failures: 0,
              renewed_at: null,
              updated_at: isoNow(clock),
            })
            .where('resource_id', '=', id)
            .execute();
          await trx.deleteFrom('delta_links').where('resource_id', '=', id).execute();
        }
        if (reactivated || moved) {
          await queue.enqueue(trx, {
            job: inboxJobs.ensureSubscription,
            payload: { resourceId: id, trigger: reactivated ? 'reactivated' : 'changed' },
            // A run for the old mailbox may still be going; one keyed by the new one is not folded into it.
            uniqueKey: moved ? `subscription:${id}:${email}` : `subscription:${id}`,
          });
        }
      });
      return viewOf(await requireRow(id));
    },

    async remove(id: string): Promise<void> {
      const row = await requireRow(id);
      const subscription = await findSubscription(store.db, id);
      await store.transaction(async (trx) => {
        await trx.deleteFrom('resources').where('id', '=', id).execute();
        if (subscription?.subscription_id) {
          await queue.enqueue(trx, {
            job: inboxJobs.deleteSubscription,
            payload: {
              clientName: row.client_name,
              email: row.email,
              subscriptionId: subscription.subscription_id,
            },
          });
        }
      });
    },

    async get(id: string): Promise<ResourceView> {
      return viewOf(await requireRow(id));
    },

    async list(clientName?: string): Promise<ResourceView[]> {
      return (await health.list({ clientName })).map(toView);
    },
  };
}
