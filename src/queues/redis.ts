import IORedis, { RedisOptions } from 'ioredis';

/** BullMQ workers need `maxRetriesPerRequest: null` so a blocked connection never throws mid-job. */
export function redisConnection(url: string, options: RedisOptions = {}): IORedis {
  return new IORedis(url, { maxRetriesPerRequest: null, enableReadyCheck: true, lazyConnect: false, ...options });
}

/** Redis must not evict queue keys; anything else is a warning on readiness. */
export async function evictionPolicy(redis: IORedis): Promise<string | null> {
  const reply = (await redis.config('GET', 'maxmemory-policy')) as string[];
  return reply?.[1] ?? null;
}
