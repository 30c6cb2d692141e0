import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { AuthModule } from '../auth/auth.module';
import { CampaignsModule } from '../campaigns/campaigns.module';
import { OrganizationsModule } from '../organizations/organizations.module';
import { PeopleModule } from '../people/people.module';
import { PulsesModule } from '../pulses/pulses.module';
import { AdminOverviewService } from './admin-overview.service';
import { AdminReadsService } from './admin-reads.service';

/** The HR console's reads; its pages' controllers are registered in api.module.ts and write through the feature services. */
@Module({
  imports: [AuthModule, AuditModule, PeopleModule, OrganizationsModule, CampaignsModule, PulsesModule],
  providers: [AdminReadsService, AdminOverviewService],
  exports: [AdminReadsService, AdminOverviewService],
})
export class AdminModule {}
