import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { CurrentPrincipal } from '../auth/auth.decorators';
import { Principal } from '../auth/principal';
import { ListQuery, mapPage } from '../common/pagination';
import { uuidPipe } from '../common/validation';
import { CreateApiKeyDto, CreatedApiKeyDto, CreateUserDto, toUserView, UpdateUserDto, UserDto } from './users.dto';
import { UsersService } from './users.service';

@ApiTags('users')
@ApiBearerAuth()
@ApiForbiddenResponse({ description: 'not an hr_admin' })
@Controller('api/v1')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Post('users')
  @ApiOperation({ summary: 'Invite an HR admin or a manager (they sign in by magic link)' })
  @ApiCreatedResponse({ type: UserDto })
  @ApiConflictResponse({ description: 'a user with this email exists' })
  @ApiUnprocessableEntityResponse({ description: 'invalid field, or an address outside the allowed email domains' })
  async create(@CurrentPrincipal() me: Principal, @Body() body: CreateUserDto) {
    return toUserView(await this.users.create(me, body));
  }

  @Get('users')
  @ApiOperation({ summary: 'The organization’s users' })
  async list(@CurrentPrincipal() me: Principal, @Query() query: ListQuery) {
    return mapPage(await this.users.list(me.orgId, query), toUserView);
  }

  @Patch('users/:id')
  @ApiOperation({ summary: 'Rename a user or change their role' })
  @ApiOkResponse({ type: UserDto })
  @ApiNotFoundResponse({ description: 'no such user in this organization' })
  @ApiConflictResponse({ description: 'it would leave the organization without an HR admin' })
  @ApiUnprocessableEntityResponse({ description: 'invalid field' })
  async update(@CurrentPrincipal() me: Principal, @Param('id', uuidPipe('user')) id: string, @Body() body: UpdateUserDto) {
    return toUserView(await this.users.update(me, id, body));
  }

  @Delete('users/:id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove a user: their keys and sessions stop working at once and their address can no longer sign in' })
  @ApiNoContentResponse({ description: 'removed' })
  @ApiNotFoundResponse({ description: 'no such user in this organization' })
  @ApiConflictResponse({ description: 'the organization’s last HR admin' })
  remove(@CurrentPrincipal() me: Principal, @Param('id', uuidPipe('user')) id: string) {
    return this.users.remove(me, id);
  }

  @Post('users/:id/api-keys')
  @ApiOperation({ summary: 'A new API key for a user, shown once' })
  @ApiCreatedResponse({ type: CreatedApiKeyDto })
  @ApiNotFoundResponse({ description: 'no such user in this organization' })
  createKey(@CurrentPrincipal() me: Principal, @Param('id', uuidPipe('user')) id: string, @Body() body: CreateApiKeyDto) {
    return this.users.createApiKey(me, me.orgId, id, body.label ?? null);
  }

  @Delete('api-keys/:id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Revoke an API key; it stops working at once' })
  @ApiNoContentResponse({ description: 'revoked' })
  @ApiNotFoundResponse({ description: 'no such key in this organization' })
  async revokeKey(@CurrentPrincipal() me: Principal, @Param('id', uuidPipe('API key')) id: string) {
    await this.users.revokeApiKey(me, id);
  }
}
