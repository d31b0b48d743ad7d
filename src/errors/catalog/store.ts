import { defineError } from '../define-error.js';

export const StoreUnreachable = defineError<{ location: string; reason: string }>({
  code: 'MSI_STORE_UNREACHABLE',
  httpStatus: 503,
  retryable: true,
  description: 'The database cannot be reached or opened; the location is shown without its password.',
  message: (p) => `Database ${p.location} is unreachable: ${p.reason}`,
});

export const StoreUrlUnsupported = defineError<{ location: string }>({
  code: 'MSI_STORE_URL_UNSUPPORTED',
  httpStatus: 500,
  retryable: false,
  description: 'The database URL is neither empty (SQLite) nor postgres://… (PostgreSQL).',
  message: (p) =>
    `Database URL ${p.location} is not supported; use postgres://… or leave it empty for SQLite`,
});

export const StoreMigrationFailed = defineError<{ migration: string | null; reason: string }>({
  code: 'MSI_STORE_MIGRATION_FAILED',
  httpStatus: 500,
  retryable: false,
  description:
    'A database migration failed and was rolled back; the schema stays at the last good migration.',
  message: (p) =>
    p.migration === null
      ? `Database migrations could not run: ${p.reason}`
      : `Database migration ${p.migration} failed: ${p.reason}`,
});
