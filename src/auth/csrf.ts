import type {} from '@fastify/cookie';
import type {} from '@fastify/csrf-protection';
import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ForbiddenError } from '../common/errors';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export class CsrfRefusedError extends ForbiddenError {
  constructor() {
    super('This form has expired or did not come from Rapport. Go back, reload the page and send it again.');
  }
}

/**
 * The token a page puts in its form (`csrfField(csrfToken(reply))` from src/common/html.ts).
 * @fastify/csrf-protection keeps the secret in an HttpOnly `_csrf` cookie, set on first use.
 */
export function csrfToken(reply: FastifyReply): string {
  return reply.generateCsrf();
}

/**
 * Every state-changing request to an HTML page must carry the form's `_csrf` token; applied by
 * `@WebPage()` and `@PublicPage()`. The JSON API needs none: it authenticates with a bearer key,
 * which a browser never attaches on its own.
 */
@Injectable()
export class CsrfGuard implements CanActivate {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  canActivate(context: ExecutionContext): Promise<boolean> | boolean {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    if (SAFE_METHODS.has(request.method)) return true;
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    return new Promise<boolean>((resolve, reject) => {
      // The plugin answers a refusal through reply.send(error); catch it here instead, so the
      // refusal becomes our own error page.
      const refuse = { send: () => reject(new CsrfRefusedError()) } as unknown as FastifyReply;
      try {
        fastify.csrfProtection(request, refuse, () => resolve(true));
      } catch {
        reject(new CsrfRefusedError());
      }
    });
  }
}
