import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import { ActionsController } from './actions/actions.controller';
import { ActionsModule } from './actions/actions.module';
import { AuthGuard } from './auth/auth.guard';
import { AdminCampaignsController } from './admin/admin-campaigns.controller';
import { AdminOverviewController } from './admin/admin-overview.controller';
import { AdminPeopleController } from './admin/admin-people.controller';
import { AdminPulsesController } from './admin/admin-pulses.controller';
import { AdminSettingsController } from './admin/admin-settings.controller';
import { AdminTeamsController } from './admin/admin-teams.controller';
import { AdminUsersController } from './admin/admin-users.controller';
import { AdminModule } from './admin/admin.module';
import { AuditController } from './audit/audit.controller';
import { AuditModule } from './audit/audit.module';
import IORedis from 'ioredis';
import { RedisThrottlerStorage } from './queues/redis-throttler.storage';
import { REDIS } from './queues/redis.module';
import { AuthModule } from './auth/auth.module';
import { SessionsModule } from './auth/sessions.module';
import { CampaignsController } from './campaigns/campaigns.controller';
import { CampaignsModule } from './campaigns/campaigns.module';
import { ProblemFilter } from './common/problem.filter';
import { RapportConfig } from './config/config';
import { ConfigModule } from './config/config.module';
import { DashboardController } from './dashboards/dashboard.controller';
import { TeamLoopController } from './dashboards/team-loop.controller';
import { DashboardsModule } from './dashboards/dashboards.module';
import { DatabaseModule } from './database/database.module';
import { HealthController } from './health/health.controller';
import { HealthModule } from './health/health.module';
import { InstrumentsModule } from './instruments/instruments.module';
import { QuestionsController } from './instruments/questions.controller';
import { DevMailController } from './mail/dev-mail.controller';
import { DevMailModule } from './mail/dev-mail.module';
import { MailModule } from './mail/mail.module';
import { OrganizationsController } from './organizations/organizations.controller';
import { OrganizationsModule } from './organizations/organizations.module';
import { MembersImportController } from './people/members-import.controller';
import { PeopleModule } from './people/people.module';
import { TeamsController } from './people/teams.controller';
import { UsersController } from './people/users.controller';
import { PulseSeriesController } from './pulses/pulse-series.controller';
import { PulsesModule } from './pulses/pulses.module';
import { QueuesModule } from './queues/queues.module';
import { RedisModule } from './queues/redis.module';
import { AnsweringLimitModule } from './responses/answering-limit.module';
import { SurveyPagesController } from './responses/survey-pages.controller';
import { SurveysController } from './responses/surveys.controller';
import { SurveysModule } from './responses/surveys.module';
import { ResultsController } from './results/results.controller';
import { ResultsModule } from './results/results.module';
import { SignInController } from './sign-in/sign-in.controller';
import { SignInModule } from './sign-in/sign-in.module';

/**
 * The HTTP process: the feature modules it needs and every controller (registered here only,
 * so a feature module can be loaded by the worker or the CLI without exposing routes). No
 * queue processors.
 */
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
        ThrottlerModule.forRootAsync({
          inject: [REDIS],
          useFactory: (redis: IORedis) => ({
            throttlers: [{ name: 'default', ttl: 60_000, limit: 10 }],
            storage: new RedisThrottlerStorage(redis, config.queuePrefix),
          }),
        }),
        AuthModule,
        AuditModule,
        SessionsModule,
        SignInModule,
        DevMailModule,
        OrganizationsModule,
        PeopleModule,
        InstrumentsModule,
        CampaignsModule,
        PulsesModule,
        SurveysModule,
        AnsweringLimitModule,
        ResultsModule,
        ActionsModule,
        DashboardsModule,
        HealthModule,
        AdminModule,
      ],
      controllers: [
        SignInController,
        DevMailController,
        OrganizationsController,
        UsersController,
        TeamsController,
        MembersImportController,
        QuestionsController,
        CampaignsController,
        PulseSeriesController,
        SurveysController,
        SurveyPagesController,
        ResultsController,
        ActionsController,
        DashboardController,
        TeamLoopController,
        HealthController,
        AuditController,
        AdminOverviewController,
        AdminTeamsController,
        AdminPeopleController,
        AdminCampaignsController,
        AdminPulsesController,
        AdminUsersController,
        AdminSettingsController,
      ],
      providers: [
        { provide: APP_FILTER, useClass: ProblemFilter },
        { provide: APP_GUARD, useClass: AuthGuard },
      ],
    };
  }
}
