import { JobNameInvalid } from '../errors/index.js';

const jobNamePattern = /^[a-z][a-z0-9]*\.[a-z][a-z0-9]*(-[a-z0-9]+)+$/;

/** Throws `MSI_JOBS_NAME_INVALID` unless `name` follows `module.verb-noun` (e.g. `inbox.process-message`). */
export function assertJobName(name: string): void {
  if (!jobNamePattern.test(name)) throw JobNameInvalid.create({ name });
}
