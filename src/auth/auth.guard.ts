import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { ForbiddenError, UnauthorizedError } from '../common/errors';
import { ApiKeysService } from './api-keys.service';
import { PUBLIC_KEY, ROLES_KEY } from './auth.decorators';
import { Principal, Role } from './principal';

/** Global: every route needs a staff credential unless marked @Public(). */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly apiKeys: ApiKeysService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;

    const request = context.switchToHttp().getRequest<FastifyRequest & { principal?: Principal }>();
    const header = request.headers.authorization;
    const match = typeof header === 'string' ? /^Bearer\s+(\S+)$/i.exec(header) : null;
    const principal = match ? await this.apiKeys.authenticate(match[1]) : null;
    if (!principal) throw new UnauthorizedError('Send a valid API key as "Authorization: Bearer rpk_…".');

    const allowed = this.reflector.getAllAndOverride<Role[]>(ROLES_KEY, targets) ?? ['hr_admin'];
    if (!allowed.includes(principal.role)) throw new ForbiddenError();
    request.principal = principal;
    return true;
  }
}
