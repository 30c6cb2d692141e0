import { Controller, Get, Header, Headers, Inject, NotFoundException, Res } from '@nestjs/common';
import { timingSafeEqual } from 'node:crypto';
import { ApiExcludeEndpoint, ApiExtraModels, ApiOkResponse, ApiOperation, ApiResponse, ApiTags, getSchemaPath } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { FastifyReply } from 'fastify';
import IORedis from 'ioredis';
import { DataSource } from 'typeorm';
import { Public } from '../auth/auth.decorators';
import { sha256 } from '../common/crypto';
import { UnauthorizedError } from '../common/errors';
import { RapportConfig } from '../config/config';
import { CONFIG } from '../config/config.module';
import { RETRY_AFTER_SECONDS, recentWriteFailure } from '../common/dependency-errors';
import { problem } from '../common/problem.filter';
import { withTimeout } from '../common/with-timeout';
import { evictionPolicy } from '../queues/redis';
import { REDIS } from '../queues/redis.module';
import { LiveDto, ReadyDto, ReadyProblemDto } from './health.responses';
import { registry } from './metrics';

const CHECK_MS = 2000;

interface Check {
  status: 'up' | 'down';
  message?: string;
  [detail: string]: unknown;
}

async function check(run: () => Promise<Omit<Check, 'status'> | void>): Promise<Check> {
  try {
    return { status: 'up', ...(await run()) };
  } catch (error) {
    return { status: 'down', message: (error as Error).message };
  }
}

@ApiTags('operations')
@Public()
@Controller()
export class HealthController {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(REDIS) private readonly redis: IORedis,
    @Inject(CONFIG) private readonly config: RapportConfig,
  ) {}

  /** Liveness: the process answers. */
  @Get('health')
  @ApiOperation({ summary: 'Liveness', description: 'Public. 200 while the process runs.' })
  @ApiOkResponse({ type: LiveDto, description: 'The process runs.' })
  live() {
    return { status: 'ok' };
  }

  /**
   * Readiness: PostgreSQL takes a write and Redis answers; a 503 names what is down. Redis
   * evicting keys is reported, not fatal.
   */
  @Get('health/ready')
  @ApiOperation({
    summary: 'Readiness',
    description: 'Public. 200 when PostgreSQL takes a write and Redis answers, each within 2 s; a Redis that may evict keys is reported, not fatal.',
  })
  @ApiOkResponse({ type: ReadyDto, description: 'PostgreSQL and Redis answer.' })
  @ApiResponse({
    status: 503,
    description: 'PostgreSQL or Redis is down: a problem naming what, with every check’s details, and Retry-After.',
    content: { 'application/problem+json': { schema: { $ref: getSchemaPath(ReadyProblemDto) } } },
  })
  @ApiExtraModels(ReadyProblemDto)
  async ready(@Res({ passthrough: true }) reply: FastifyReply) {
    const [postgres, redis] = await Promise.all([check(() => this.postgresWrites()), check(() => this.redisAnswers())]);
    const details = { postgres, redis };
    const down = Object.entries(details).filter(([, c]) => c.status === 'down');
    if (down.length === 0) return { status: 'ok', details };
    reply.status(503).header('content-type', 'application/problem+json; charset=utf-8').header('retry-after', String(RETRY_AFTER_SECONDS));
    const names = { postgres: 'PostgreSQL', redis: 'Redis' } as const;
    const detail = down.map(([name, c]) => `${names[name as keyof typeof names]} is down: ${c.message}`).join('; ');
    return { ...problem(503, detail), details };
  }

  private async postgresWrites(): Promise<void> {
    await withTimeout(this.db.query(`UPDATE readiness_probe SET written_at = now() WHERE id = 1`), CHECK_MS, 'PostgreSQL');
    // A full disk fails only the writes that need a new page; the last one a request saw counts.
    const failure = recentWriteFailure();
    if (failure) throw new Error(`a write failed ${failure.secondsAgo} s ago: ${failure.message}`);
  }

  private async redisAnswers(): Promise<Omit<Check, 'status'>> {
    const policy = await withTimeout(evictionPolicy(this.redis), CHECK_MS, 'redis');
    return policy === 'noeviction'
      ? { maxmemoryPolicy: policy }
      : { maxmemoryPolicy: policy, warning: 'Redis may evict queued jobs; set maxmemory-policy noeviction' };
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
