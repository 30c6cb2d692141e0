import { Body, Controller, Get, Patch } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles } from '../auth/auth.decorators';
import { Principal } from '../auth/principal';
import { ApiProblems } from '../common/openapi';
import { OrganizationDto, toOrganizationView, UpdateOrganizationDto } from './organizations.dto';
import { MeDto } from './organizations.responses';
import { OrganizationsService } from './organizations.service';

@ApiTags('organization')
@ApiBearerAuth()
@ApiProblems(401)
@Controller('api/v1')
export class OrganizationsController {
  constructor(private readonly organizations: OrganizationsService) {}

  @Get('me')
  @Roles('hr_admin', 'manager')
  @ApiOperation({ summary: 'Who is calling, and their organization', description: 'Any role.' })
  @ApiOkResponse({ type: MeDto, description: 'The caller and their organization.' })
  async me(@CurrentPrincipal() me: Principal) {
    const org = await this.organizations.get(me.orgId);
    return { user: { id: me.userId, email: me.email, name: me.name, role: me.role }, org: toOrganizationView(org) };
  }

  @Patch('org')
  @ApiOperation({
    summary: 'Change the organization: name, anonymity threshold, timezone, allowed email domains',
    description: 'hr_admin. A new anonymity threshold applies to campaigns launched afterwards.',
  })
  @ApiOkResponse({ type: OrganizationDto, description: 'The organization as it now stands.' })
  @ApiProblems(403, 400, 413, 415, {
    422: 'A field is invalid (a name with a line break, a threshold outside 3–50, an unknown timezone, a malformed domain); `errors[]` names each.',
  })
  async update(@CurrentPrincipal() me: Principal, @Body() body: UpdateOrganizationDto) {
    return toOrganizationView(await this.organizations.update(me, body));
  }
}
