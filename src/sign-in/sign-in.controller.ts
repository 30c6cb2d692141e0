import { Body, Controller, Get, HttpCode, Param, Post, Query, Req, Res, UseGuards } from '@nestjs/common';
import { Throttle, ThrottlerGuard } from '@nestjs/throttler';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { csrfField, html, page, SafeHtml } from '../common/html';
import { isReturnPath, RETURN_COOKIE } from '../common/html-error.filter';
import { csrfToken } from '../auth/csrf';
import { MAGIC_LINK_MINUTES, MagicLinksService } from './magic-links.service';
import { SessionsService } from '../auth/sessions.service';
import { SignInService } from './sign-in.service';
import { PublicPage, WebPage, WebRequest } from '../auth/web-page';
import { isEmailAddress } from '../common/formats';


/** Requests to /login per address (IP) and minute; more get 429 with Retry-After. */
export const LOGIN_LIMIT = { limit: 10, ttl: 60_000 };

function loginForm(csrf: string, options: { email?: string; error?: string; notice?: SafeHtml } = {}): string {
  const body = html`<h1>Sign in</h1>
${options.notice}
<p>Managers and HR: enter your work email and we will send you a sign-in link.</p>
<form method="post" action="/login">
${csrfField(csrf)}
<label for="email">Work email</label>
<input id="email" name="email" type="email" autocomplete="email" required maxlength="254" value="${options.email ?? ''}"${
    options.error ? html` aria-invalid="true" aria-describedby="email-error"` : ''
  }>
${options.error && html`<p id="email-error" class="notice error" role="alert">${options.error}</p>`}
<button type="submit">Email me a sign-in link</button>
</form>`;
  return page({ title: 'Sign in', body });
}

/**
 * Staff sign-in by magic link: /login asks for a link, /auth/magic/:token shows a button
 * (mail scanners prefetch GETs, so only the POST uses the link up), /logout ends the session.
 */
@ApiExcludeController()
@Controller()
export class SignInController {
  constructor(
    private readonly signIn: SignInService,
    private readonly links: MagicLinksService,
    private readonly sessions: SessionsService,
  ) {}

  @Get('login')
  @PublicPage()
  loginPage(@Res({ passthrough: true }) reply: FastifyReply, @Query('signed_out') signedOut?: string, @Query('email') email?: string): string {
    const notice = signedOut !== undefined ? html`<p class="notice" role="status">You are signed out.</p>` : undefined;
    // The invitation mail links here with the invited address, so it is filled in already.
    return loginForm(csrfToken(reply), { notice, email: typeof email === 'string' && isEmailAddress(email) ? email : undefined });
  }

  @Post('login')
  @HttpCode(200)
  @PublicPage()
  @UseGuards(ThrottlerGuard)
  @Throttle({ default: LOGIN_LIMIT })
  login(@Body() body: unknown, @Res({ passthrough: true }) reply: FastifyReply): string {
    const raw = (body as { email?: unknown } | undefined)?.email;
    const email = typeof raw === 'string' ? raw.trim().toLowerCase() : '';
    if (!isEmailAddress(email)) {
      reply.status(422);
      return loginForm(csrfToken(reply), { email: typeof raw === 'string' ? raw : '', error: 'Enter an email address such as name@example.com.' });
    }
    this.signIn.requestLinksInBackground(email);
    const answer = html`<h1>Check your email</h1>
<p class="notice" role="status">If <strong>${email}</strong> belongs to a Rapport account, a sign-in link is on its way.</p>
<p>The link works once, within ${MAGIC_LINK_MINUTES} minutes. If you are staff in several organizations, you get one link for each.</p>
<p><a href="/login">Use another address</a></p>`;
    return page({ title: 'Check your email', body: answer });
  }

  @Get('auth/magic/:token')
  @PublicPage()
  async magicPage(@Param('token') token: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    const link = await this.links.peek(token);
    if (!link) return this.spent(reply);
    const body = html`<h1>Sign in to ${link.orgName}</h1>
<p>You are signing in as <strong>${link.name}</strong> (${link.email}).</p>
<form method="post" action="/auth/magic/${token}">
${csrfField(csrfToken(reply))}
<button type="submit">Sign in</button>
</form>`;
    reply.header('referrer-policy', 'no-referrer');
    return page({ title: 'Sign in', body });
  }

  @Post('auth/magic/:token')
  @HttpCode(200)
  @PublicPage()
  async magicSignIn(@Param('token') token: string, @Req() request: WebRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    const session = await this.signIn.signIn(token);
    if (!session) return this.spent(reply);
    this.sessions.setCookie(reply, session);
    const returnTo = request.cookies?.[RETURN_COOKIE];
    reply.clearCookie(RETURN_COOKIE, { path: '/' });
    reply.status(303).header('location', isReturnPath(returnTo) ? returnTo : '/dashboard');
    return '';
  }

  @Get('logout')
  @WebPage()
  logoutPage(@Res({ passthrough: true }) reply: FastifyReply): string {
    const body = html`<h1>Sign out</h1>
<form method="post" action="/logout">${csrfField(csrfToken(reply))}<button type="submit">Sign out</button></form>`;
    return page({ title: 'Sign out', body });
  }

  @Post('logout')
  @WebPage()
  async logout(@Req() request: WebRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    if (request.webSession) await this.sessions.revoke(request.webSession.id);
    this.sessions.clearCookie(reply);
    reply.status(303).header('location', '/login?signed_out');
    return '';
  }

  /** Unknown, used and expired links all get this same page. */
  private spent(reply: FastifyReply): string {
    reply.status(410);
    const body = html`<h1>This sign-in link no longer works</h1>
<p class="notice error" role="alert">Sign-in links work once, within ${MAGIC_LINK_MINUTES} minutes.</p>
<p><a href="/login">Ask for a new link</a></p>`;
    return page({ title: 'Link no longer valid', body });
  }
}
