import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ApiKeysService } from '../auth/api-keys.service';
import { CurrentPrincipal } from '../auth/auth.decorators';
import { Principal } from '../auth/principal';
import { ListQuery, mapPage } from '../common/pagination';
import { uuidPipe } from '../common/validation';
import { CreateApiKeyDto, CreateUserDto, toUserView } from './users.dto';
import { UsersService } from './users.service';

@ApiTags('users')
@ApiBearerAuth()
@Controller('api/v1')
export class UsersController {
  constructor(
    private readonly users: UsersService,
    private readonly apiKeys: ApiKeysService,
  ) {}

  @Post('users')
  async create(@CurrentPrincipal() me: Principal, @Body() body: CreateUserDto) {
    return toUserView(await this.users.create(me.orgId, body));
  }

  @Get('users')
  async list(@CurrentPrincipal() me: Principal, @Query() query: ListQuery) {
    return mapPage(await this.users.list(me.orgId, query), toUserView);
  }

  @Post('users/:id/api-keys')
  createKey(@CurrentPrincipal() me: Principal, @Param('id', uuidPipe('user')) id: string, @Body() body: CreateApiKeyDto) {
    return this.apiKeys.create(me.orgId, id, body.label ?? null);
  }

  @Delete('api-keys/:id')
  @HttpCode(204)
  async revokeKey(@CurrentPrincipal() me: Principal, @Param('id', uuidPipe('API key')) id: string) {
    await this.apiKeys.revoke(me.orgId, id);
  }
}
