import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles } from '../auth/auth.decorators';
import { Principal } from '../auth/principal';
import { uuidPipe } from '../common/validation';
import { TeamResultsQuery } from './results.dto';
import { ResultsService } from './results.service';

/** Results as API.md "Results": hr_admin reads the organization, a manager their teams and descendants. */
@ApiTags('results')
@ApiBearerAuth()
@Controller('api/v1')
@Roles('hr_admin', 'manager')
export class ResultsController {
  constructor(private readonly results: ResultsService) {}

  @Get('campaigns/:id/results')
  campaign(@CurrentPrincipal() me: Principal, @Param('id', uuidPipe('campaign')) id: string) {
    return this.results.campaignResults(me, id);
  }

  @Get('teams/:id/results')
  team(@CurrentPrincipal() me: Principal, @Param('id', uuidPipe('team')) id: string, @Query() query: TeamResultsQuery) {
    return this.results.teamResults(me, id, query.campaignId);
  }

  @Get('teams/:id/trend')
  trend(@CurrentPrincipal() me: Principal, @Param('id', uuidPipe('team')) id: string) {
    return this.results.teamTrend(me, id);
  }
}
