import { Body, Controller, Get, Patch } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiOkResponse, ApiOperation, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { CurrentPrincipal, Roles } from '../auth/auth.decorators';
import { Principal } from '../auth/principal';
import { OrganizationDto, toOrganizationView, UpdateOrganizationDto } from './organizations.dto';
import { OrganizationsService } from './organizations.service';

@ApiTags('organization')
@ApiBearerAuth()
@Controller('api/v1')
export class OrganizationsController {
  constructor(private readonly organizations: OrganizationsService) {}

  @Get('me')
  @Roles('hr_admin', 'manager')
  async me(@CurrentPrincipal() me: Principal) {
    const org = await this.organizations.get(me.orgId);
    return { user: { id: me.userId, email: me.email, name: me.name, role: me.role }, org: toOrganizationView(org) };
  }

  @Patch('org')
  @ApiOperation({ summary: 'Change the organization: name, anonymity threshold, timezone, allowed email domains' })
  @ApiOkResponse({ type: OrganizationDto })
  @ApiForbiddenResponse({ description: 'not an hr_admin' })
  @ApiUnprocessableEntityResponse({ description: 'a field is invalid (a name with a line break, a threshold outside 3–50, an unknown timezone, a malformed domain)' })
  async update(@CurrentPrincipal() me: Principal, @Body() body: UpdateOrganizationDto) {
    return toOrganizationView(await this.organizations.update(me, body));
  }
}
