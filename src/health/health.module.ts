import { Module } from '@nestjs/common';
import { QueueMetrics } from './queue-metrics';

/** Queue metrics for the health controller (registered in api.module.ts). */
@Module({ providers: [QueueMetrics], exports: [QueueMetrics] })
export class HealthModule {}
