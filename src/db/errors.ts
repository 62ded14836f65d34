/** The kinds of constraint violation both drivers report, under one name. */
export type ConstraintKind = 'unique' | 'foreign_key' | 'check' | 'not_null';

const SQLITE_CODES: Readonly<Record<string, ConstraintKind>> = {
  SQLITE_CONSTRAINT_UNIQUE: 'unique',
  SQLITE_CONSTRAINT_PRIMARYKEY: 'unique',
  SQLITE_CONSTRAINT_FOREIGNKEY: 'foreign_key',
  SQLITE_CONSTRAINT_CHECK: 'check',
  SQLITE_CONSTRAINT_NOTNULL: 'not_null',
};

const POSTGRES_CODES: Readonly<Record<string, ConstraintKind>> = {
  '23505': 'unique',
  '23503': 'foreign_key',
  '23514': 'check',
  '23502': 'not_null',
};

/** Which constraint a driver error broke, or undefined when it is not a constraint error. */
export function constraintViolation(error: unknown): ConstraintKind | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined;
  const code = String(error.code);
  return SQLITE_CODES[code] ?? POSTGRES_CODES[code];
}

/** Socket errors on the way to PostgreSQL. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
]);

/**
 * What node-postgres throws, without a code, when the server goes away mid-query, when the pool
 * cannot connect in time, or when a client that lost its connection is used again.
 */
const PG_CONNECTION_MESSAGES = [
  'Connection terminated',
  'timeout exceeded when trying to connect',
  'Client has encountered a connection error and is not queryable',
  'Connection ended unexpectedly',
];

/** True when the error means the database could not be reached (PostgreSQL down, SQLite busy). */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  if ('code' in error && (typeof error.code === 'string' || typeof error.code === 'number')) {
    const code = String(error.code);
    if (
      code === 'SQLITE_BUSY' ||
      NETWORK_CODES.has(code) ||
      code === '57P01' || // admin_shutdown
      code === '57P02' || // crash_shutdown
      code === '57P03' || // cannot_connect_now (starting up, shutting down)
      code.startsWith('08') // connection_exception
    )
      return true;
  }
  const message = error instanceof Error ? error.message : '';
  return PG_CONNECTION_MESSAGES.some((text) => message.startsWith(text));
}
