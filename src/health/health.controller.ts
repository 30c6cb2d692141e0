import { Controller, Get, Header, Headers, Inject, NotFoundException } from '@nestjs/common';
import { timingSafeEqual } from 'node:crypto';
import { ApiExcludeEndpoint, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import IORedis from 'ioredis';
import { Public } from '../auth/auth.decorators';
import { sha256 } from '../common/crypto';
import { UnauthorizedError } from '../common/errors';
import { RapportConfig } from '../config/config';
import { CONFIG } from '../config/config.module';
import { evictionPolicy } from '../queues/redis';
import { REDIS } from '../queues/redis.module';
import { registry } from './metrics';
import { withTimeout } from '../common/with-timeout';

@ApiTags('operations')
@Public()
@Controller()
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly postgres: TypeOrmHealthIndicator,
    private readonly indicators: HealthIndicatorService,
    @Inject(REDIS) private readonly redis: IORedis,
    @Inject(CONFIG) private readonly config: RapportConfig,
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
          const policy = await withTimeout(evictionPolicy(this.redis), 2000, 'redis');
          return policy === 'noeviction'
            ? indicator.up({ maxmemoryPolicy: policy })
            : indicator.up({ maxmemoryPolicy: policy, warning: 'Redis may evict queued jobs; set maxmemory-policy noeviction' });
        } catch (error) {
          return indicator.down({ message: (error as Error).message });
        }
      },
    ]);
  }

  /** Prometheus text, only for a scraper holding METRICS_TOKEN; without one the route does not exist. */
  @Get('metrics')
  @ApiExcludeEndpoint()
  @Header('content-type', registry.contentType)
  metrics(@Headers('authorization') authorization: string | undefined) {
    const token = this.config.metricsToken;
    if (token === null) throw new NotFoundException('Cannot GET /metrics');
    const given = /^Bearer (\S+)$/i.exec(authorization ?? '')?.[1] ?? '';
    // Equal-length digests, so the comparison takes the same time whatever was sent.
    if (!timingSafeEqual(sha256(Buffer.from(given)), sha256(Buffer.from(token)))) throw new UnauthorizedError('A valid metrics token is required.');
    return registry.metrics();
  }
}
