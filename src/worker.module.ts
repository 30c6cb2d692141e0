import { DynamicModule, Module } from '@nestjs/common';
import { ActionsWorkerModule } from './actions/actions.worker.module';
import { CampaignsWorkerModule } from './campaigns/campaigns.worker.module';
import { RapportConfig } from './config/config';
import { ConfigModule } from './config/config.module';
import { DatabaseModule } from './database/database.module';
import { MailModule } from './mail/mail.module';
import { MailWorkerModule } from './mail/mail.worker.module';
import { PeopleWorkerModule } from './people/people.worker.module';
import { QueueWorkerModule } from './queues/queue.worker.module';
import { QueuesModule } from './queues/queues.module';
import { RedisModule } from './queues/redis.module';
import { ReportsWorkerModule } from './reports/reports.worker.module';
import { PulsesWorkerModule } from './pulses/pulses.worker.module';
import { ScoringWorkerModule } from './scoring/scoring.worker.module';
import { SignInMailModule } from './sign-in/sign-in-mail.module';

/** The worker process: queue processors and the reconciler, no HTTP listener. */
@Module({})
export class WorkerModule {
  static forRoot(config: RapportConfig): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        ConfigModule.forRoot(config),
        DatabaseModule,
        RedisModule,
        QueuesModule,
        MailModule,
        QueueWorkerModule,
        MailWorkerModule,
        SignInMailModule,
        PeopleWorkerModule,
        CampaignsWorkerModule,
        PulsesWorkerModule,
        ScoringWorkerModule,
        ReportsWorkerModule,
        ActionsWorkerModule,
      ],
    };
  }
}
