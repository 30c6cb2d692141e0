import { Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import IORedis from 'ioredis';
import { RapportConfig } from '../config/config';
import { CONFIG } from '../config/config.module';
import { redisConnection } from './redis';

export const REDIS = Symbol('Redis');

/** One shared Redis connection for health checks and rate limits (queues open their own). */
@Global()
@Module({
  providers: [{ provide: REDIS, inject: [CONFIG], useFactory: (config: RapportConfig) => redisConnection(config.redisUrl, { maxRetriesPerRequest: 1, connectTimeout: 2000 }) }],
  exports: [REDIS],
})
export class RedisModule implements OnApplicationShutdown {
  constructor(@Inject(REDIS) private readonly redis: IORedis) {}

  async onApplicationShutdown() {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
