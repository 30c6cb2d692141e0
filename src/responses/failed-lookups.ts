import { Inject, Injectable, Logger } from '@nestjs/common';
import { isIP } from 'node:net';
import IORedis from 'ioredis';
import { NotFoundError, RateLimitedError } from '../common/errors';
import { RapportConfig } from '../config/config';
import { CONFIG } from '../config/config.module';
import { REDIS } from '../queues/redis.module';

const WINDOW_MS = 60_000;

/**
 * Whom a failure is counted against: an IPv4 address, or an IPv6 /64 (one subscriber's
 * network: counting single IPv6 addresses would give a guesser 2^64 fresh ones).
 */
export function clientKey(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return mapped[1];
  if (isIP(address) !== 6) return address;
  const [head, tail] = address.split('::');
  const left = head ? head.split(':') : [];
  const right = tail !== undefined && tail !== '' ? tail.split(':') : [];
  const groups = tail === undefined ? left : [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right];
  return `${groups
    .slice(0, 4)
    .map((g) => parseInt(g, 16).toString(16))
    .join(':')}::/64`;
}

/**
 * The answering limit (DESIGN §4.6): only look-ups that find nothing count against a client
 * address, ANSWER_RATE_LIMIT per minute, counted in Redis so every API process shares the
 * count. A valid link never reaches this, so a whole office behind one address answers at once
 * and one guesser cannot lock colleagues out.
 */
@Injectable()
export class FailedLookups {
  private readonly logger = new Logger('FailedLookups');

  constructor(
    @Inject(REDIS) private readonly redis: IORedis,
    @Inject(CONFIG) private readonly config: RapportConfig,
  ) {}

  /** Runs one look-up by link; a link that finds nothing counts against `address`. */
  async counting<T>(address: string, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      throw await this.judge(address, error);
    }
  }

  /** What to answer after `error`: the same error, or a 429 once the address is over its limit. */
  async judge(address: string, error: unknown): Promise<unknown> {
    if (!(error instanceof NotFoundError)) return error;
    const retryAfter = await this.count(address);
    return retryAfter === null ? error : new RateLimitedError(retryAfter);
  }

  /** A request that asks without saying what it found (the resend form) counts like a failure. */
  async attempt(address: string): Promise<void> {
    const retryAfter = await this.count(address);
    if (retryAfter !== null) throw new RateLimitedError(retryAfter);
  }

  /** Counts one failed look-up; the seconds until the window ends when over the limit, else null. */
  async count(address: string): Promise<number | null> {
    const key = `${this.config.queuePrefix}:failed-lookups:${clientKey(address)}`;
    try {
      // The window starts with an address's first failure and ends a minute later.
      const result = await this.redis.multi().set(key, 0, 'PX', WINDOW_MS, 'NX').incr(key).pttl(key).exec();
      const failures = Number(result?.[1]?.[1]);
      const ttl = Number(result?.[2]?.[1]);
      if (failures <= this.config.answerRateLimit) return null;
      return Math.max(1, Math.ceil(ttl / 1000));
    } catch (error) {
      // Without Redis the limit cannot be shared; answering must not stop because of it.
      this.logger.warn(`failed look-ups not counted: ${(error as Error).message}`);
      return null;
    }
  }
}
