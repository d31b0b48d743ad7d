import type { SqliteDatabase, SqliteStatement } from 'kysely';

/** How many prepared statements a SQLite store keeps (the pipeline's queries are a few dozen shapes). */
export const statementCacheSize = 256;

/**
 * better-sqlite3 behind Kysely, with its prepared statements kept by SQL text (least recently used out first):
 * Kysely prepares every query anew, and the pipeline's hot path runs the same dozen statements for each mail
 * (bench P3). A statement is safe to reuse: Kysely runs this connection's queries one at a time and never leaves
 * one iterating (ms-inbox does not stream query results).
 */
export function withStatementCache(
  database: SqliteDatabase,
  size: number = statementCacheSize,
): SqliteDatabase & { cachedStatements(): number } {
  const cache = new Map<string, SqliteStatement>();
  return {
    close: () => {
      cache.clear();
      database.close();
    },
    prepare(sql) {
      const cached = cache.get(sql);
      if (cached) {
        // Map keeps insertion order: re-inserting marks it as the most recently used.
        cache.delete(sql);
        cache.set(sql, cached);
        return cached;
      }
      const statement = database.prepare(sql);
      cache.set(sql, statement);
      if (cache.size > size) cache.delete(cache.keys().next().value as string);
      return statement;
    },
    cachedStatements: () => cache.size,
  };
}
