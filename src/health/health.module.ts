import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { HealthController } from './health.controller';
import { QueueMetrics } from './queue-metrics';

@Module({ imports: [TerminusModule], controllers: [HealthController], providers: [QueueMetrics] })
export class HealthModule {}
