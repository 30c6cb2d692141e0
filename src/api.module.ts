import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import { AuthModule } from './auth/auth.module';
import { SessionsModule } from './auth/sessions.module';
import { SignInModule } from './sign-in/sign-in.module';
import { CampaignsModule } from './campaigns/campaigns.module';
import { ProblemFilter } from './common/problem.filter';
import { RapportConfig } from './config/config';
import { ConfigModule } from './config/config.module';
import { DashboardsModule } from './dashboards/dashboards.module';
import { DatabaseModule } from './database/database.module';
import { HealthModule } from './health/health.module';
import { InstrumentsModule } from './instruments/instruments.module';
import { DevMailModule } from './mail/dev-mail.module';
import { MailModule } from './mail/mail.module';
import { OrganizationsModule } from './organizations/organizations.module';
import { PeopleModule } from './people/people.module';
import { QueuesModule } from './queues/queues.module';
import { RedisModule } from './queues/redis.module';
import { ResponsesModule } from './responses/responses.module';

/** The HTTP process: every feature's controllers, no queue processors. */
@Module({})
export class ApiModule {
  static forRoot(config: RapportConfig): DynamicModule {
    return {
      module: ApiModule,
      imports: [
        ConfigModule.forRoot(config),
        DatabaseModule,
        RedisModule,
        QueuesModule,
        MailModule,
        // Rate limits apply only where a route asks for ThrottlerGuard (POST /login, …).
        ThrottlerModule.forRoot({ throttlers: [{ name: 'default', ttl: 60_000, limit: 10 }] }),
        AuthModule,
        SessionsModule,
        SignInModule,
        DevMailModule,
        DashboardsModule,
        OrganizationsModule,
        PeopleModule,
        InstrumentsModule,
        CampaignsModule,
        ResponsesModule,
        HealthModule,
      ],
      providers: [{ provide: APP_FILTER, useClass: ProblemFilter }],
    };
  }
}
