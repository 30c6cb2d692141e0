import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Principal, Role } from './principal';

export const PUBLIC_KEY = 'rapport:public';
export const ROLES_KEY = 'rapport:roles';

/** No credentials needed (respondent routes carry their own token; health, metrics, docs). */
export const Public = () => SetMetadata(PUBLIC_KEY, true);

/** Roles allowed; a route without @Roles is for hr_admin only. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);

export const CurrentPrincipal = createParamDecorator((_: unknown, ctx: ExecutionContext): Principal => {
  return ctx.switchToHttp().getRequest<{ principal: Principal }>().principal;
});
