import {
  applyDecorators,
  CanActivate,
  createParamDecorator,
  CallHandler,
  ExecutionContext,
  Injectable,
  NestInterceptor,
  SetMetadata,
  UseFilters,
  UseGuards,
  UseInterceptors,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Observable } from 'rxjs';
import { ForbiddenError } from '../common/errors';
import { html, raw, SafeHtml } from '../common/html';
import { HtmlErrorFilter, isReturnPath, SignInRequiredError } from '../common/html-error.filter';
import { Public } from './auth.decorators';
import { CsrfGuard } from './csrf';
import { Principal, Role } from './principal';
import { SESSION_COOKIE, SessionsService, WebSession } from './sessions.service';

export const WEB_ROLES_KEY = 'rapport:web-roles';

export type WebRequest = FastifyRequest & { principal?: Principal; webSession?: WebSession };

/**
 * Resolves the session cookie for an HTML page: puts the Principal on the request (so
 * `@CurrentPrincipal()` works as on the JSON API) and the session as `@CurrentSession()`;
 * without a valid session the page redirects (303) to /login.
 */
@Injectable()
export class SessionGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly sessions: SessionsService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<WebRequest>();
    const session = await this.sessions.resolve(request.cookies?.[SESSION_COOKIE]);
    if (!session) {
      if (request.method === 'GET' && isReturnPath(request.url)) {
        this.sessions.rememberReturnPath(context.switchToHttp().getResponse<FastifyReply>(), request.url);
      }
      throw new SignInRequiredError();
    }
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(WEB_ROLES_KEY, [context.getHandler(), context.getClass()]);
    if (roles && roles.length > 0 && !roles.includes(session.principal.role)) throw new ForbiddenError('This page is not available to your role.');
    request.principal = session.principal;
    request.webSession = session;
    return true;
  }
}

/** Pages are HTML and personal: never cached by a browser or a proxy. */
@Injectable()
export class HtmlResponseInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    context.switchToHttp().getResponse<FastifyReply>().header('content-type', 'text/html; charset=utf-8').header('cache-control', 'no-store');
    return next.handle();
  }
}

const htmlPage = () => applyDecorators(Public(), UseFilters(HtmlErrorFilter), UseInterceptors(HtmlResponseInterceptor));

/**
 * A server-rendered page for signed-in staff (any role unless roles are given):
 * `@WebPage()` or `@WebPage('hr_admin')` on a handler or a controller class. Needs a session cookie
 * (else 303 → /login), checks CSRF on POST/PUT/PATCH/DELETE, and answers errors as HTML.
 */
export const WebPage = (...roles: Role[]) => applyDecorators(htmlPage(), SetMetadata(WEB_ROLES_KEY, roles), UseGuards(SessionGuard, CsrfGuard));

/**
 * A server-rendered page anyone may open (sign-in, respondent pages), on a handler or a class:
 * CSRF-checked forms, HTML errors, no caching.
 */
export const PublicPage = () => applyDecorators(htmlPage(), UseGuards(CsrfGuard));

export const CurrentSession = createParamDecorator((_: unknown, ctx: ExecutionContext): WebSession => {
  return ctx.switchToHttp().getRequest<WebRequest>().webSession!;
});

/** The header's links to a signed-in person's areas: HR admins have the console beside the results. */
export function staffNav(role: Role, current: 'results' | 'console'): SafeHtml | undefined {
  if (role !== 'hr_admin') return undefined;
  const link = (href: string, label: string, area: typeof current) =>
    html`<li><a href="${href}"${area === current ? raw(' aria-current="page"') : ''}>${label}</a></li>`;
  return html`<nav aria-label="Areas"><ul>${link('/dashboard', 'Results', 'results')}${link('/admin', 'HR console', 'console')}</ul></nav>`;
}
