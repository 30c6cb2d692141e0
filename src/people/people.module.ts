import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { MembersImportService } from './members-import.service';
import { MembersService } from './members.service';
import { TeamsService } from './teams.service';
import { UsersService } from './users.service';

@Module({
  imports: [AuthModule],
  providers: [UsersService, TeamsService, MembersService, MembersImportService],
  exports: [TeamsService, UsersService, MembersService, MembersImportService],
})
export class PeopleModule {}
