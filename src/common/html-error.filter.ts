import { ArgumentsHost, Catch, ExceptionFilter, Logger } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { DomainError } from './errors';
import { html, page } from './html';
import { answerHeaders, toProblem } from './problem.filter';

export const RETURN_COOKIE = 'rapport_return_to';

/** Only our own dashboard and console pages are places to return to (never an open redirect). */
export function isReturnPath(value: unknown): value is string {
  return typeof value === 'string' && value.length <= 300 && /^\/(dashboard|admin)(\/[A-Za-z0-9_-]+)*(\?[A-Za-z0-9=&_-]*)?$/.test(value);
}

/** Thrown by the session guard: an HTML page answers it with a redirect to /login. */
export class SignInRequiredError extends DomainError {
  constructor() {
    super('unauthorized', 'Sign in to see this page.');
  }
}

const HEADINGS: Record<number, string> = {
  403: 'Not allowed',
  404: 'Page not found',
  410: 'Link no longer valid',
  429: 'Too many attempts',
  503: 'Please try again in a moment',
};

/**
 * For server-rendered pages (applied by `@WebPage()` / `@PublicPage()`): the same statuses as
 * the problem+json filter, shown as a readable page; a missing session redirects to /login.
 */
@Catch()
export class HtmlErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('HtmlErrorFilter');

  catch(error: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    if (error instanceof SignInRequiredError) {
      // The session guard has already remembered the page to return to (RETURN_COOKIE).
      reply.status(303).header('location', '/login').header('cache-control', 'no-store').send();
      return;
    }
    const problem = toProblem(error);
    answerHeaders(reply, problem, error, this.logger);
    const heading = HEADINGS[problem.status] ?? problem.title;
    const body = html`<h1>${heading}</h1>
<p class="notice error" role="alert">${problem.detail}</p>`;
    reply
      .status(problem.status)
      .header('content-type', 'text/html; charset=utf-8')
      .header('cache-control', 'no-store')
      .send(page({ title: heading, body }));
  }
}
