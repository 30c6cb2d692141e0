import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles } from '../auth/auth.decorators';
import { Principal } from '../auth/principal';
import { ApiProblems } from '../common/openapi';
import { uuidPipe } from '../common/validation';
import { TeamResultsQuery } from './results.dto';
import { CampaignResultsDto, TeamResultsDto, TrendPointDto } from './results.responses';
import { ResultsService } from './results.service';

/** Results as API.md "Results": hr_admin reads the organization, a manager their teams and descendants. */
@ApiTags('results')
@ApiBearerAuth()
@Controller('api/v1')
@Roles('hr_admin', 'manager')
@ApiProblems(401)
export class ResultsController {
  constructor(private readonly results: ResultsService) {}

  @Get('campaigns/:id/results')
  @ApiOperation({
    summary: 'A campaign’s results',
    description:
      'hr_admin: every team, the whole audience (`org`) and reliability; manager: their teams and descendants only. A group below the threshold is suppressed as a whole; a dimension below it is null on its own.',
  })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOkResponse({ type: CampaignResultsDto, description: 'The campaign’s groups, as the caller may see them.' })
  @ApiProblems({ 404: 'No such campaign, or none of the manager’s teams took part.', 409: 'The campaign is not scored yet.' })
  campaign(@CurrentPrincipal() me: Principal, @Param('id', uuidPipe('campaign')) id: string) {
    return this.results.campaignResults(me, id);
  }

  @Get('teams/:id/results')
  @ApiOperation({
    summary: 'A team’s results in one campaign',
    description: 'The team’s subtree entry plus its questions and its own members’ comments. Default campaign: the latest scored one that included the team.',
  })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOkResponse({ type: TeamResultsDto, description: 'The team’s results.' })
  @ApiProblems(422, {
    404: 'No such team (or outside the manager’s teams), the campaign did not include it, or no scored campaign did.',
    409: 'The campaign is not scored yet.',
  })
  team(@CurrentPrincipal() me: Principal, @Param('id', uuidPipe('team')) id: string, @Query() query: TeamResultsQuery) {
    return this.results.teamResults(me, id, query.campaignId);
  }

  @Get('teams/:id/trend')
  @ApiOperation({ summary: 'A team’s trend', description: 'The team’s subtree in every scored campaign that included it, oldest first.' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOkResponse({ type: [TrendPointDto], description: 'One point per scored campaign, oldest first.' })
  @ApiProblems({ 404: 'No such team, or outside the manager’s teams.' })
  trend(@CurrentPrincipal() me: Principal, @Param('id', uuidPipe('team')) id: string) {
    return this.results.teamTrend(me, id);
  }
}
