import { redisConnection } from '../../src/queues/redis';

/** Deletes one run's keys (its queue prefix) and nothing else: Redis is shared, never flushed. */
export async function deleteRedisKeys(redisUrl: string, pattern: string): Promise<void> {
  const redis = redisConnection(redisUrl);
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
      if (keys.length > 0) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}
