import { Controller, Get, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { csrfToken } from '../auth/csrf';
import { CurrentSession, WebPage } from '../auth/web-page';
import { WebSession } from '../auth/sessions.service';
import { html, page } from '../common/html';

/** The signed-in home for managers and HR. Its dashboards arrive with scoring and reports. */
@ApiExcludeController()
@Controller('dashboard')
export class DashboardController {
  @Get()
  @WebPage()
  home(@CurrentSession() session: WebSession, @Res({ passthrough: true }) reply: FastifyReply): string {
    const { principal } = session;
    const body = html`<h1>${session.orgName}</h1>
<p>Signed in as <strong>${principal.name}</strong> (${principal.email}), ${principal.role === 'hr_admin' ? 'HR admin' : 'manager'}.</p>
<p class="notice">Your teams' results will appear here once a survey has closed and been scored.</p>`;
    return page({ title: 'Dashboard', body, signedIn: { name: principal.name, csrf: csrfToken(reply) } });
  }
}
