import { Controller, Get, Header, Inject } from '@nestjs/common';
import { ApiExcludeEndpoint, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import IORedis from 'ioredis';
import { Public } from '../auth/auth.decorators';
import { evictionPolicy } from '../queues/redis';
import { REDIS } from '../queues/redis.module';
import { registry } from './metrics';

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

@ApiTags('operations')
@Public()
@Controller()
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly postgres: TypeOrmHealthIndicator,
    private readonly indicators: HealthIndicatorService,
    @Inject(REDIS) private readonly redis: IORedis,
  ) {}

  /** Liveness: the process answers. */
  @Get('health')
  live() {
    return { status: 'ok' };
  }

  /** Readiness: PostgreSQL and Redis answer; Redis evicting keys is reported, not fatal. */
  @Get('health/ready')
  @HealthCheck()
  ready() {
    return this.health.check([
      () => this.postgres.pingCheck('postgres', { timeout: 2000 }),
      async () => {
        const indicator = this.indicators.check('redis');
        try {
          const policy = await withTimeout(evictionPolicy(this.redis), 2000);
          return policy === 'noeviction'
            ? indicator.up({ maxmemoryPolicy: policy })
            : indicator.up({ maxmemoryPolicy: policy, warning: 'Redis may evict queued jobs; set maxmemory-policy noeviction' });
        } catch (error) {
          return indicator.down({ message: (error as Error).message });
        }
      },
    ]);
  }

  @Get('metrics')
  @ApiExcludeEndpoint()
  @Header('content-type', registry.contentType)
  metrics() {
    return registry.metrics();
  }
}
