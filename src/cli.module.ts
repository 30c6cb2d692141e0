import { DynamicModule, Module } from '@nestjs/common';
import { RapportConfig } from './config/config';
import { ConfigModule } from './config/config.module';
import { MagicLinksModule } from './auth/magic-links.module';
import { DatabaseModule } from './database/database.module';
import { OrganizationsModule } from './organizations/organizations.module';

/** What the command line needs: the services, no HTTP and no queue processors. */
@Module({})
export class CliModule {
  static forRoot(config: RapportConfig): DynamicModule {
    return { module: CliModule, imports: [ConfigModule.forRoot(config), DatabaseModule, OrganizationsModule, MagicLinksModule] };
  }
}
