import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiOkResponse, ApiOperation, ApiTags, ApiUnauthorizedResponse, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { CurrentPrincipal } from '../auth/auth.decorators';
import { Principal } from '../auth/principal';
import { AuditEventPageDto, AuditQuery } from './audit.dto';
import { AuditService } from './audit.service';

@ApiTags('audit')
@ApiBearerAuth()
@Controller('api/v1/audit-events')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @ApiOperation({ summary: 'The append-only trail of roster and access changes, newest first' })
  @ApiOkResponse({ type: AuditEventPageDto })
  @ApiUnauthorizedResponse({ description: 'no or invalid API key' })
  @ApiForbiddenResponse({ description: 'not an hr_admin' })
  @ApiUnprocessableEntityResponse({ description: 'unknown type, bad limit or cursor' })
  list(@CurrentPrincipal() me: Principal, @Query() query: AuditQuery) {
    return this.audit.list(me.orgId, query);
  }
}
