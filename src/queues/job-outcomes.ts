import IORedis from 'ioredis';

/**
 * Job outcomes counted in Redis so the API's /metrics can report what the workers (which
 * have no HTTP listener) did. Counters only: losing them loses no data.
 */
export function outcomesKey(prefix: string): string {
  return `${prefix}:metrics:job-outcomes`;
}

export async function recordOutcome(redis: IORedis, prefix: string, queue: string, name: string, outcome: 'completed' | 'failed') {
  await redis.hincrby(outcomesKey(prefix), `${queue}|${name}|${outcome}`, 1);
}

export async function readOutcomes(redis: IORedis, prefix: string) {
  const raw = await redis.hgetall(outcomesKey(prefix));
  return Object.entries(raw).map(([field, count]) => {
    const [queue, name, outcome] = field.split('|');
    return { queue, name, outcome, count: Number(count) };
  });
}
