import { Logger, OnApplicationShutdown } from '@nestjs/common';
import { ThrottlerStorage, ThrottlerStorageService } from '@nestjs/throttler';
import type { ThrottlerStorageRecord } from '@nestjs/throttler/dist/throttler-storage-record.interface';
import IORedis from 'ioredis';
import { withTimeout } from '../common/with-timeout';

/** One fixed window per key: the first hit starts it, the count dies with it. */
const HIT = `
local hits = redis.call('INCR', KEYS[1])
if hits == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return {hits, redis.call('PTTL', KEYS[1])}`;

const REDIS_WAIT_MS = 500;

/**
 * Rate-limit counters shared by every API process (in Redis), so a client meets the same
 * limit whichever process answers. Should Redis be down, each process counts in its own
 * memory meanwhile: answering keeps working and is still limited.
 */
export class RedisThrottlerStorage implements ThrottlerStorage, OnApplicationShutdown {
  private readonly logger = new Logger('RateLimit');
  private readonly fallback = new ThrottlerStorageService();

  constructor(
    private readonly redis: IORedis,
    private readonly prefix: string,
  ) {}

  async increment(key: string, ttl: number, limit: number, blockDuration: number, throttlerName: string): Promise<ThrottlerStorageRecord> {
    let reply: [number, number];
    try {
      const hit = this.redis.eval(HIT, 1, `${this.prefix}:throttle:${throttlerName}:${key}`, String(ttl)) as Promise<[number, number]>;
      reply = await withTimeout(hit, REDIS_WAIT_MS, 'redis');
    } catch (error) {
      this.logger.warn(`counting in memory while Redis does not answer: ${(error as Error).message}`);
      return this.fallback.increment(key, ttl, limit, blockDuration, throttlerName);
    }
    const [totalHits, pttl] = reply;
    const seconds = Math.max(1, Math.ceil(pttl / 1000));
    return { totalHits, timeToExpire: seconds, isBlocked: totalHits > limit, timeToBlockExpire: totalHits > limit ? seconds : 0 };
  }

  onApplicationShutdown(): void {
    this.fallback.onApplicationShutdown();
  }
}
