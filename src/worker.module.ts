import { DynamicModule, Module } from '@nestjs/common';
import { RapportConfig } from './config/config';
import { ConfigModule } from './config/config.module';
import { DatabaseModule } from './database/database.module';
import { QueueWorkerModule } from './queues/queue.worker.module';
import { QueuesModule } from './queues/queues.module';
import { RedisModule } from './queues/redis.module';

/** The worker process: queue processors and the reconciler, no HTTP listener. */
@Module({})
export class WorkerModule {
  static forRoot(config: RapportConfig): DynamicModule {
    return {
      module: WorkerModule,
      imports: [ConfigModule.forRoot(config), DatabaseModule, RedisModule, QueuesModule, QueueWorkerModule],
    };
  }
}
