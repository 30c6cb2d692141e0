import { Body, Controller, Get, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { WebSession } from '../auth/sessions.service';
import { CurrentSession, WebPage } from '../auth/web-page';
import { uuidPipe } from '../common/validation';
import { CreateApiKeyDto, CreateUserDto, UpdateUserDto } from '../people/users.dto';
import { UsersService } from '../people/users.service';
import { emptyForm, FormBody, optional, refusal, submit, text, validated } from './admin-forms';
import { AdminFrame, adminFrame, refused } from './admin-frame';
import { AdminReadsService } from './admin-reads.service';
import { renderUsers, UsersPageState } from './admin-users.page';

/** /admin/users: invite, change roles, remove; create and revoke API keys (UsersService, ApiKeysService). */
@ApiExcludeController()
@Controller('admin')
@WebPage('hr_admin')
export class AdminUsersController {
  constructor(
    private readonly reads: AdminReadsService,
    private readonly users: UsersService,
  ) {}

  @Get('users')
  list(@CurrentSession() s: WebSession, @Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.page(adminFrame(s, req, reply), s, { invite: emptyForm() });
  }

  @Post('users')
  invite(@CurrentSession() s: WebSession, @Body() body: FormBody, @Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    const input = { email: text(body, 'email'), name: text(body, 'name'), role: text(body, 'role') };
    return submit(
      reply,
      async () => this.users.create(s.principal, await validated(CreateUserDto, input)),
      { to: '/admin/users', notice: `${input.email.trim().toLowerCase()} invited. An invitation email is on its way; they sign in at /login with that address.` },
      (invite) => this.page(adminFrame(s, req, reply), s, { invite }),
      body,
    );
  }

  @Post('users/:id')
  update(
    @CurrentSession() s: WebSession,
    @Param('id', uuidPipe('user')) id: string,
    @Body() body: FormBody,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return submit(
      reply,
      async () => this.users.update(s.principal, id, await validated(UpdateUserDto, { name: text(body, 'name'), role: text(body, 'role') })),
      { to: '/admin/users', notice: 'User saved.' },
      (state) => this.page(adminFrame(s, req, reply), s, { invite: emptyForm(), edit: { userId: id, state } }),
      body,
    );
  }

  @Post('users/:id/remove')
  remove(@CurrentSession() s: WebSession, @Param('id', uuidPipe('user')) id: string, @Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    return submit(
      reply,
      () => this.users.remove(s.principal, id),
      { to: '/admin/users', notice: 'User removed: their keys and sessions no longer work.' },
      (state) => this.page(refused(adminFrame(s, req, reply), state), s, { invite: emptyForm() }),
      {},
    );
  }

  /** The key is shown in this answer only (never stored, never put in a redirect or a cookie). */
  @Post('users/:id/api-keys')
  @HttpCode(200)
  async createKey(
    @CurrentSession() s: WebSession,
    @Param('id', uuidPipe('user')) id: string,
    @Body() body: FormBody,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const f = adminFrame(s, req, reply);
    try {
      const { label } = await validated(CreateApiKeyDto, { label: optional(body, 'label') });
      const { key } = await this.users.createApiKey(s.principal, s.principal.orgId, id, label ?? null);
      const user = (await this.reads.users(s.principal.orgId)).find((u) => u.id === id)!;
      return this.page(f, s, { invite: emptyForm(), newKey: { user: user.email, label: label ?? null, key } });
    } catch (error) {
      return this.page(f, s, { invite: emptyForm(), edit: { userId: id, state: refusal(reply, error, body) } });
    }
  }

  @Post('api-keys/:id/revoke')
  revoke(@CurrentSession() s: WebSession, @Param('id', uuidPipe('API key')) id: string, @Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    return submit(
      reply,
      () => this.users.revokeApiKey(s.principal, id),
      { to: '/admin/users', notice: 'API key revoked: it no longer works.' },
      (state) => this.page(refused(adminFrame(s, req, reply), state), s, { invite: emptyForm() }),
      {},
    );
  }

  private async page(f: AdminFrame, s: WebSession, state: UsersPageState) {
    const orgId = s.principal.orgId;
    const [users, org] = [await this.reads.users(orgId), await this.reads.organization(orgId)];
    return renderUsers(f, users, s.principal.userId, org.timezone, state);
  }
}
