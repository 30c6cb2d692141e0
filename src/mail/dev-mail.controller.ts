import { Controller, Get, Header } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '../auth/auth.decorators';
import { NotFoundError } from '../common/errors';
import { html, linkify, page } from '../common/html';
import { DEV_MAIL_KEEP, DevMailCatcher } from './dev-mail-catcher.service';

/** GET /dev/mail: what the development mail catcher caught, links clickable. 404 otherwise. */
@ApiExcludeController()
@Public()
@Controller('dev/mail')
export class DevMailController {
  constructor(private readonly catcher: DevMailCatcher) {}

  @Get()
  @Header('content-type', 'text/html; charset=utf-8')
  @Header('cache-control', 'no-store')
  list(): string {
    if (!this.catcher.running) throw new NotFoundError('page');
    const messages = this.catcher.messages();
    const body = html`<h1>Caught mail</h1>
<p class="muted">Mail the workers sent while no SMTP_URL is set (the last ${DEV_MAIL_KEEP}, newest first; a restart forgets them).</p>
${messages.length === 0 ? html`<p class="notice">Nothing caught yet. Ask for a sign-in link at <a href="/login">/login</a>.</p>` : ''}
${messages.map(
  (m) => html`<article class="mail">
<h2>${m.subject || '(no subject)'}</h2>
<p class="muted">To ${m.to || m.envelopeTo.join(', ')} · from ${m.from} · <time datetime="${m.receivedAt.toISOString()}">${m.receivedAt.toISOString().replace('T', ' ').slice(0, 19)} UTC</time></p>
<pre>${linkify(m.text)}</pre>
</article>`,
)}`;
    return page({ title: 'Caught mail', body, wide: true });
  }
}
