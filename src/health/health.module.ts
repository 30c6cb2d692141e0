import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { QueueMetrics } from './queue-metrics';

/** Health indicators and queue metrics; TerminusModule is re-exported for the health controller. */
@Module({ imports: [TerminusModule], providers: [QueueMetrics], exports: [TerminusModule, QueueMetrics] })
export class HealthModule {}
