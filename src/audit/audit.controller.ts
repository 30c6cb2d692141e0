import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '../auth/auth.decorators';
import { Principal } from '../auth/principal';
import { ApiProblems } from '../common/openapi';
import { AuditEventPageDto, AuditQuery } from './audit.dto';
import { AuditService } from './audit.service';

@ApiTags('audit')
@ApiBearerAuth()
@Controller('api/v1/audit-events')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @ApiOperation({ summary: 'The append-only trail of roster and access changes, newest first', description: 'hr_admin.' })
  @ApiOkResponse({ type: AuditEventPageDto, description: 'A page of events.' })
  @ApiProblems(401, 403, { 422: 'Unknown type, bad limit or cursor; `errors[]` names each.' })
  list(@CurrentPrincipal() me: Principal, @Query() query: AuditQuery) {
    return this.audit.list(me.orgId, query);
  }
}
