/**
 * Failures that mean a dependency is down or out of capacity rather than a bug in the request:
 * they answer 503 with Retry-After, so clients and load balancers try again instead of
 * giving up on a 500.
 */

/** Seconds a client is asked to wait before trying again after a 503. */
export const RETRY_AFTER_SECONDS = 5;

/**
 * PostgreSQL SQLSTATE classes and codes: 08 connection exception, 53 insufficient resources
 * (too many connections, disk full, out of memory), 57 operator intervention (shutting down,
 * starting up, statement timeout), 25006 a read-only server (a standby after failover),
 * 40001/40P01 a serialization failure or deadlock victim (retrying succeeds), 55P03 a lock
 * timeout.
 */
const POSTGRES_CODE = /^(08|53|57)|^(25006|40001|40P01|55P03)$/;

/** Socket-level failures, from the pg driver or ioredis. */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'ENOTFOUND']);

/** Messages without a code: the pg pool and client, ioredis, and our own bounded waits. */
const MESSAGES: Array<[RegExp, string]> = [
  [/timeout exceeded when trying to connect|Connection terminated|Client has encountered a connection error|Connection is not established/i, 'PostgreSQL'],
  [/Connection is closed|Stream isn't writeable|max retries per request|Reached the max retries/i, 'Redis'],
  [/^(redis|enqueue [\w. ]+): no answer within/i, 'Redis'],
];

interface ErrorLike {
  code?: unknown;
  message?: unknown;
  name?: unknown;
  driverError?: { code?: unknown };
}

/** Which dependency an error says is unavailable ('PostgreSQL', 'Redis', 'a dependency'), or null. */
export function unavailableDependency(error: unknown): string | null {
  if (typeof error !== 'object' || error === null) return null;
  const e = error as ErrorLike;
  const code = typeof e.code === 'string' ? e.code : typeof e.driverError?.code === 'string' ? e.driverError.code : null;
  if (code && POSTGRES_CODE.test(code) && /^[0-9A-Z]{5}$/.test(code)) return 'PostgreSQL';
  const message = typeof e.message === 'string' ? e.message : '';
  for (const [pattern, dependency] of MESSAGES) if (pattern.test(message)) return dependency;
  if (e.name === 'MaxRetriesPerRequestError') return 'Redis';
  if (code && NETWORK_CODES.has(code)) return 'a dependency';
  return null;
}

/** PostgreSQL refusing writes: disk full, a read-only server. Readiness fails for a while after one. */
const WRITE_FAILURE = /^(53100|25006)$/;
const WRITE_FAILURE_MEMORY_MS = 60_000;
let lastWriteFailure: { at: number; message: string } | null = null;

/** Called for every failure the API answers; remembers the last refused write. */
export function noteFailure(error: unknown): void {
  const e = error as ErrorLike;
  const code = typeof e?.code === 'string' ? e.code : e?.driverError?.code;
  if (typeof code === 'string' && WRITE_FAILURE.test(code)) lastWriteFailure = { at: Date.now(), message: typeof e.message === 'string' ? e.message : code };
}

export function recentWriteFailure(): { secondsAgo: number; message: string } | null {
  if (!lastWriteFailure || Date.now() - lastWriteFailure.at > WRITE_FAILURE_MEMORY_MS) return null;
  return { secondsAgo: Math.round((Date.now() - lastWriteFailure.at) / 1000), message: lastWriteFailure.message };
}
