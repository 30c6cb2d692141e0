/**
 * What a failure while rendering means for the message. A database or network error says
 * nothing about the message (a deadlock, a restart, a full pool): try again later. Anything
 * else is a bug in a template or bad data in the row, which no retry would fix.
 */
export interface RenderFailure {
  permanent: boolean;
  description: string;
}

/** SQLSTATE classes that pass: connection, transaction rollback (deadlock, serialization), resources, object in use, operator intervention, system. */
const TEMPORARY_SQLSTATE = /^(08|40|53|55|57|58)/;
const TEMPORARY_NODE_CODE = /^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|EHOSTUNREACH|ENETUNREACH|EAI_AGAIN|ENOTFOUND)$/;
const TEMPORARY_DRIVER_MESSAGE = /connection terminated|timeout exceeded when trying to connect|connection (is )?closed|client has encountered a connection error|sorry, too many clients/i;

export function classifyRenderError(error: unknown): RenderFailure {
  const e = error as { code?: unknown; message?: unknown };
  const code = typeof e?.code === 'string' ? e.code : null;
  const message = typeof e?.message === 'string' ? e.message : String(error);
  const temporary =
    (code !== null && /^[0-9A-Z]{5}$/.test(code) && TEMPORARY_SQLSTATE.test(code)) ||
    (code !== null && TEMPORARY_NODE_CODE.test(code)) ||
    TEMPORARY_DRIVER_MESSAGE.test(message);
  const description = `${temporary ? 'database unavailable while rendering' : 'template error'}: ${code ? `${code} ` : ''}${message}`;
  return { permanent: !temporary, description: description.replace(/\s+/g, ' ').slice(0, 500) };
}

/** A campaign's partition was dropped (it closed) between queueing and this statement. */
export function isDroppedPartition(error: unknown): boolean {
  return (error as { code?: unknown })?.code === '42P01';
}

/** Seconds before the next try after `attempts` temporary failures: 2, 4, 8, … up to an hour. */
export function retryDelaySeconds(attempts: number): number {
  return Math.min(2 ** Math.max(1, attempts), 3600);
}
