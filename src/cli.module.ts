import { DynamicModule, Module } from '@nestjs/common';
import { RapportConfig } from './config/config';
import { ConfigModule } from './config/config.module';
import { MagicLinksModule } from './sign-in/magic-links.module';
import { DatabaseModule } from './database/database.module';
import { DemoModule } from './demo/demo.module';
import { MailModule } from './mail/mail.module';
import { QueuesModule } from './queues/queues.module';
import { OrganizationsModule } from './organizations/organizations.module';

/** What the command line needs: the services, no HTTP and no queue processors. */
@Module({})
export class CliModule {
  static forRoot(config: RapportConfig): DynamicModule {
    return {
      module: CliModule,
      // Queues as producers only: what the CLI starts (scoring, reports, mail) the worker finishes.
      imports: [ConfigModule.forRoot(config), DatabaseModule, QueuesModule, MailModule, OrganizationsModule, MagicLinksModule, DemoModule],
    };
  }
}
