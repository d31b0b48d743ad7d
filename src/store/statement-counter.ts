import type { CompiledQuery, DatabaseConnection, Dialect } from 'kysely';

/** SQL a store ran since it opened (only when opened with `countStatements`; the benchmarks read it). */
export interface StatementCounts {
  /** Every statement except transaction control (`begin`, `commit`, `rollback`, savepoints). */
  statements: number;
  /** Of `statements`, those that change data or schema (`insert`, `update`, `delete`, a `with` that does, DDL). */
  writes: number;
  /** Explicit transactions begun. */
  transactions: number;
  /** Durable commits: explicit `commit`s plus writes run outside a transaction (each commits by itself). */
  commits: number;
  rollbacks: number;
}

/** A live tally and the dialect wrapper that keeps it. */
export interface StatementCounter {
  counts(): StatementCounts;
  /** `dialect` with every connection it hands out counting what runs on it. */
  wrap(dialect: Dialect): Dialect;
}

const beginSql = /^\s*(begin|start\s+transaction)\b/i;
const commitSql = /^\s*commit\b/i;
const savepointSql = /^\s*(savepoint|release|rollback\s+to)\b/i;
const rollbackSql = /^\s*rollback\b/i;
const writeSql = /^\s*(insert|update|delete|replace|create|alter|drop)\b/i;
const writeInWith = /\b(insert\s+into|update\s+\S+\s+set|delete\s+from)\b/i;

/** Counts statements and commits at the Kysely driver, on every dialect the same way. */
export function createStatementCounter(): StatementCounter {
  const tally: StatementCounts = { statements: 0, writes: 0, transactions: 0, commits: 0, rollbacks: 0 };
  const watched = new WeakSet<DatabaseConnection>();
  const inTransaction = new WeakSet<DatabaseConnection>();

  // Kysely's drivers send begin/commit/rollback through the same `executeQuery`, so one hook sees everything.
  const note = (connection: DatabaseConnection, query: CompiledQuery): void => {
    const text = query.sql;
    if (beginSql.test(text)) {
      tally.transactions += 1;
      inTransaction.add(connection);
    } else if (commitSql.test(text)) {
      tally.commits += 1;
      inTransaction.delete(connection);
    } else if (savepointSql.test(text)) {
      return;
    } else if (rollbackSql.test(text)) {
      tally.rollbacks += 1;
      inTransaction.delete(connection);
    } else {
      tally.statements += 1;
      const write = writeSql.test(text) || (/^\s*with\b/i.test(text) && writeInWith.test(text));
      if (write) tally.writes += 1;
      if (write && !inTransaction.has(connection)) tally.commits += 1;
    }
  };

  const watch = (connection: DatabaseConnection): void => {
    if (watched.has(connection)) return;
    watched.add(connection);
    const executeQuery = connection.executeQuery.bind(connection);
    const streamQuery = connection.streamQuery.bind(connection);
    connection.executeQuery = (query) => {
      note(connection, query);
      return executeQuery(query);
    };
    connection.streamQuery = (query, chunkSize) => {
      note(connection, query);
      return streamQuery(query, chunkSize);
    };
  };

  return {
    counts: () => ({ ...tally }),
    wrap: (dialect) => ({
      createAdapter: () => dialect.createAdapter(),
      createQueryCompiler: () => dialect.createQueryCompiler(),
      createIntrospector: (db) => dialect.createIntrospector(db),
      createDriver() {
        const driver = dialect.createDriver();
        const acquire = driver.acquireConnection.bind(driver);
        driver.acquireConnection = async () => {
          const connection = await acquire();
          watch(connection);
          return connection;
        };
        return driver;
      },
    }),
  };
}
