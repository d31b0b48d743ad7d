import { defineError } from '../define-error.js';

/** One thing wrong (or doubtful) in the configuration, named by its key path. */
interface ConfigProblemParams {
  path: string;
  message: string;
}

export const ConfigInvalid = defineError<{
  source: string;
  problems: ConfigProblemParams[];
  /** Warnings found beside the problems; not part of the message, shown by `config check`. */
  warnings?: ConfigProblemParams[];
}>({
  code: 'MSI_CONFIG_INVALID',
  httpStatus: 500,
  retryable: false,
  description:
    'The configuration (application_config.yaml, server section or environment) is invalid; every problem is listed with its key path.',
  message: (p) =>
    [
      `Invalid configuration in ${p.source} (${p.problems.length} ${p.problems.length === 1 ? 'problem' : 'problems'}):`,
      ...p.problems.map((problem) => `${problem.path}: ${problem.message}`),
    ].join('\n'),
});
