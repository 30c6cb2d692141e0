import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '../auth/auth.decorators';
import { Principal } from '../auth/principal';
import { ApiPageResponse, ApiProblems, JSON_BODY_PROBLEMS } from '../common/openapi';
import { ListQuery, mapPage } from '../common/pagination';
import { uuidPipe } from '../common/validation';
import { CreateApiKeyDto, CreatedApiKeyDto, CreateUserDto, toUserView, UpdateUserDto, UserDto } from './users.dto';
import { UsersService } from './users.service';

@ApiTags('users')
@ApiBearerAuth()
@ApiProblems(401, 403)
@Controller('api/v1')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Post('users')
  @ApiOperation({
    summary: 'Invite an HR admin or a manager (they sign in by magic link)',
    description:
      'hr_admin. The invited person is emailed once: who invited them, to which organization, in which role, and a link to the sign-in page (`PUBLIC_URL/login`), where they ask for a sign-in link with that address. A refused request (409, 422, …) sends nothing.',
  })
  @ApiCreatedResponse({ type: UserDto, description: 'The user; their invitation mail is on its way.' })
  @ApiProblems(400, 413, 415, {
    409: 'A user with this email already exists in the organization.',
    422: 'A field is invalid, or the address is outside the allowed email domains; `errors[]` names each.',
  })
  async create(@CurrentPrincipal() me: Principal, @Body() body: CreateUserDto) {
    return toUserView(await this.users.create(me, body));
  }

  @Get('users')
  @ApiOperation({ summary: 'The organization’s users', description: 'hr_admin. Oldest first.' })
  @ApiPageResponse(UserDto, 'A page of users.')
  @ApiProblems(422)
  async list(@CurrentPrincipal() me: Principal, @Query() query: ListQuery) {
    return mapPage(await this.users.list(me.orgId, query), toUserView);
  }

  @Patch('users/:id')
  @ApiOperation({ summary: 'Rename a user or change their role', description: 'hr_admin.' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOkResponse({ type: UserDto, description: 'The user.' })
  @ApiProblems(...JSON_BODY_PROBLEMS, {
    404: 'No such user in this organization.',
    409: 'It would leave the organization without an HR admin.',
  })
  async update(@CurrentPrincipal() me: Principal, @Param('id', uuidPipe('user')) id: string, @Body() body: UpdateUserDto) {
    return toUserView(await this.users.update(me, id, body));
  }

  @Delete('users/:id')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Remove a user',
    description: 'hr_admin. Their keys and sessions stop working at once and their address can no longer sign in.',
  })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiNoContentResponse({ description: 'Removed.' })
  @ApiProblems({ 404: 'No such user in this organization.', 409: 'The organization’s last HR admin.' })
  remove(@CurrentPrincipal() me: Principal, @Param('id', uuidPipe('user')) id: string) {
    return this.users.remove(me, id);
  }

  @Post('users/:id/api-keys')
  @ApiOperation({
    summary: 'A new API key for a user, shown once',
    description: 'hr_admin. The key is in this answer only; a lost key is replaced, never recovered.',
  })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiCreatedResponse({ type: CreatedApiKeyDto, description: 'The new key.' })
  @ApiProblems(...JSON_BODY_PROBLEMS, { 404: 'No such user in this organization.' })
  createKey(@CurrentPrincipal() me: Principal, @Param('id', uuidPipe('user')) id: string, @Body() body: CreateApiKeyDto) {
    return this.users.createApiKey(me, me.orgId, id, body.label ?? null);
  }

  @Delete('api-keys/:id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Revoke an API key', description: 'hr_admin. The key stops working at once.' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiNoContentResponse({ description: 'Revoked.' })
  @ApiProblems({ 404: 'No such key in this organization.' })
  async revokeKey(@CurrentPrincipal() me: Principal, @Param('id', uuidPipe('API key')) id: string) {
    await this.users.revokeApiKey(me, id);
  }
}
