import { z } from 'zod';
import type { FaultKind, FaultRule } from '../faults.js';
import type { LifecycleEventName, MailRole } from '../types.js';

/** Thrown when a `/_sim` request body is not what the route takes; nothing has changed when it is thrown. */
export class ControlBadRequestError extends Error {}

const roles = z.array(
  z.enum(['Mail.Read', 'Mail.ReadBasic', 'Mail.ReadWrite', 'Mail.Send'] as const satisfies MailRole[]),
);
const text = z.string().min(1);
const date = text.refine((value) => !Number.isNaN(Date.parse(value)), 'expected an ISO-8601 date');
const count = z.number().int().nonnegative();
const nonNegative = z.number().nonnegative();

const faultKinds = [
  'throttle',
  'unavailable',
  'latency',
  'dropNotification',
  'duplicateNotification',
  'delayNotification',
  'expireDeltaToken',
  'removeSubscription',
] as const satisfies FaultKind[];

/** One fault rule; unknown keys are refused so a misspelt option is not silently ignored. */
export const faultRuleBody = z.strictObject({
  id: text.optional(),
  kind: z.enum(faultKinds),
  operation: text.optional(),
  mailbox: text.optional(),
  probability: z.number().min(0).max(1).optional(),
  count: count.optional(),
  retryAfterSeconds: nonNegative.optional(),
  code: text.optional(),
  latencyMs: nonNegative.optional(),
  latencyMaxMs: nonNegative.optional(),
  delayMs: nonNegative.optional(),
}) satisfies z.ZodType<FaultRule>;

/** The body of every `/_sim` route that takes JSON, by route. */
export const controlBodies = {
  tenant: z.strictObject({ domain: text, id: text.optional(), displayName: text.optional() }),
  app: z.strictObject({
    clientId: text.optional(),
    displayName: text.optional(),
    roles: roles.optional(),
    secret: text.optional(),
  }),
  mailbox: z.strictObject({
    address: text,
    id: text.optional(),
    displayName: text.optional(),
    mailboxEnabled: z.boolean().optional(),
  }),
  secret: z.strictObject({
    value: text.optional(),
    expiresAt: date.optional(),
    displayName: text.optional(),
  }),
  certificate: z.strictObject({ certificatePem: text }),
  roles: z.strictObject({ roles }),
  accessPolicy: z.strictObject({ mailboxes: z.array(text).nullable() }),
  enabled: z.strictObject({ enabled: z.boolean() }),
  fault: faultRuleBody,
  faults: z.array(faultRuleBody),
  removeSubscription: z.strictObject({ notify: z.boolean().optional() }),
  lifecycle: z.strictObject({
    event: z.enum([
      'reauthorizationRequired',
      'subscriptionRemoved',
      'missed',
    ] as const satisfies LifecycleEventName[]),
    pauseDelivery: z.boolean().optional(),
  }),
  expireDelta: z.strictObject({ mailbox: text.optional() }),
  advanceTime: z
    .strictObject({ ms: nonNegative.optional(), minutes: nonNegative.optional() })
    .refine((b) => b.ms !== undefined || b.minutes !== undefined, 'give ms or minutes'),
  timeScale: z.strictObject({ factor: z.number().positive() }),
};

/** Parses a request body (a missing body counts as `{}`), or throws ControlBadRequestError naming every problem. */
export function parseControlBody<T>(schema: z.ZodType<T>, body: unknown): T {
  const result = schema.safeParse(body ?? {});
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const at = issue.path.length === 0 ? 'body' : issue.path.join('.');
    return `${at}: ${issue.message}`;
  });
  throw new ControlBadRequestError(`invalid request body (${problems.join('; ')})`);
}
