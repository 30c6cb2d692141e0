import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { AuthModule } from './auth/auth.module';
import { ProblemFilter } from './common/problem.filter';
import { RapportConfig } from './config/config';
import { ConfigModule } from './config/config.module';
import { DatabaseModule } from './database/database.module';
import { HealthModule } from './health/health.module';
import { OrganizationsModule } from './organizations/organizations.module';
import { PeopleModule } from './people/people.module';
import { QueuesModule } from './queues/queues.module';
import { RedisModule } from './queues/redis.module';

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
        AuthModule,
        OrganizationsModule,
        PeopleModule,
        HealthModule,
      ],
      providers: [{ provide: APP_FILTER, useClass: ProblemFilter }],
    };
  }
}
