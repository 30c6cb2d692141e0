import { Module } from '@nestjs/common';
import { PeopleModule } from '../people/people.module';
import { ActionsService } from './actions.service';
import { MirrorsService } from './mirrors.service';
import { ResultSharesService } from './result-shares.service';

/** Action plans, the manager's mirror and sharing results with the team (API process). */
@Module({
  imports: [PeopleModule],
  providers: [ActionsService, MirrorsService, ResultSharesService],
  exports: [ActionsService, MirrorsService, ResultSharesService],
})
export class ActionsModule {}
