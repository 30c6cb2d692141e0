import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { MembersImportController } from './members-import.controller';
import { MembersImportService } from './members-import.service';
import { MembersService } from './members.service';
import { TeamsController } from './teams.controller';
import { TeamsService } from './teams.service';
import { UsersController } from './users.controller';
import { UsersService } from './users.service';

@Module({
  imports: [AuthModule],
  controllers: [UsersController, TeamsController, MembersImportController],
  providers: [UsersService, TeamsService, MembersService, MembersImportService],
  exports: [TeamsService, UsersService, MembersImportService],
})
export class PeopleModule {}
