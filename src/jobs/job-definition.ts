import { isAppError, JobHandlerDuplicate, JobPayloadInvalid } from '../errors/index.js';
import { assertJobName } from './job-name.js';
import type { JobContext, JobHandler } from './job-types.js';

/** Reads a stored payload back into its type and throws when it is not one; a zod schema is one. */
interface PayloadParser<Payload> {
  parse(stored: unknown): Payload;
}

/**
 * One kind of job: its name and the type of its payload, shared by the code that enqueues it and the handler
 * that runs it, so neither refers to the other by a string. Stored as before: the name and the JSON payload.
 */
export interface JobDefinition<Payload> {
  /** `module.verb-noun`, e.g. `inbox.process-message`. */
  readonly name: string;
  /** The stored payload as `Payload`; throws `MSI_JOBS_PAYLOAD_INVALID` (not retried) when it is not one. */
  readPayload(stored: unknown): Payload;
}

/** A typed handler registered for one kind of job. */
interface JobRegistration {
  readonly name: string;
  readonly run: JobHandler;
}

/** What a parser's failure says, one line (zod lists its issues with their paths). */
function problemOf(error: unknown): string {
  const issues = (error as { issues?: unknown } | null)?.issues;
  if (Array.isArray(issues) && issues.length > 0) {
    return issues
      .map((issue: { path?: unknown[]; message?: string }) => {
        const path = Array.isArray(issue.path) && issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
        return `${path}${issue.message ?? 'invalid'}`;
      })
      .join('; ');
  }
  return error instanceof Error ? error.message : String(error);
}

/**
 * Defines a kind of job. With a `parser`, a worker checks each stored payload before its handler sees it, so a
 * payload this version cannot read ends the job with a coded error instead of failing somewhere inside the handler.
 */
export function defineJob<Payload>(name: string, parser?: PayloadParser<Payload>): JobDefinition<Payload> {
  assertJobName(name);
  return Object.freeze({
    name,
    readPayload(stored: unknown): Payload {
      if (parser === undefined) return stored as Payload;
      try {
        return parser.parse(stored);
      } catch (error) {
        if (isAppError(error)) throw error;
        throw JobPayloadInvalid.create({ name, problem: problemOf(error) }, { cause: error });
      }
    },
  });
}

/** Registers `handler` for `job`: it receives the payload read by the job's parser. */
export function handleJob<Payload>(
  job: JobDefinition<Payload>,
  handler: (payload: Payload, context: JobContext) => Promise<void>,
): JobRegistration {
  return { name: job.name, run: (stored, context) => handler(job.readPayload(stored), context) };
}

/** The handler map a worker takes, from registrations; throws `MSI_JOBS_HANDLER_DUPLICATE` for a name given twice. */
export function collectJobHandlers(...registrations: readonly JobRegistration[]): Record<string, JobHandler> {
  const handlers: Record<string, JobHandler> = {};
  for (const { name, run } of registrations) {
    if (name in handlers) throw JobHandlerDuplicate.create({ name });
    handlers[name] = run;
  }
  return handlers;
}
