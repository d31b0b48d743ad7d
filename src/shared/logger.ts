import { pino, type Logger as PinoLogger, type DestinationStream } from 'pino';

/** The logger every module receives (pino's, so Fastify can share it). */
export type Logger = PinoLogger;

/** Keys whose values never reach a log line, wherever they appear. */
const redactedKeys = [
  'client_secret',
  'clientSecret',
  'secret',
  'password',
  'token',
  'accessToken',
  'access_token',
  'authorization',
  'clientState',
  'client_assertion',
];

/** Creates the JSON logger of the process; secrets are censored at any depth up to three. */
export function createLogger(options: { level?: string; destination?: DestinationStream } = {}): Logger {
  const paths = redactedKeys.flatMap((key) => [key, `*.${key}`, `*.*.${key}`, `*.*.*.${key}`]);
  return pino(
    {
      level: options.level ?? 'info',
      redact: { paths, censor: '[redacted]' },
      base: { service: 'ms-inbox' },
    },
    options.destination,
  );
}

/** A logger that drops everything, for tests that do not look at logs. */
export function createSilentLogger(): Logger {
  return pino({ level: 'silent' });
}
