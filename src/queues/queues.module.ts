import { BullModule } from '@nestjs/bullmq';
import { Global, Module } from '@nestjs/common';
import { RapportConfig } from '../config/config';
import { CONFIG } from '../config/config.module';
import { QUEUE_NAMES } from './jobs';
import { QueueService } from './queue.service';

/** The queues as producers; both processes load this. Consumers live in QueueWorkerModule. */
@Global()
@Module({
  imports: [
    BullModule.forRootAsync({
      inject: [CONFIG],
      useFactory: (config: RapportConfig) => ({
        connection: { url: config.redisUrl, maxRetriesPerRequest: null },
        prefix: config.queuePrefix,
      }),
    }),
    ...QUEUE_NAMES.map((name) => BullModule.registerQueue({ name })),
  ],
  providers: [QueueService],
  exports: [QueueService],
})
export class QueuesModule {}
