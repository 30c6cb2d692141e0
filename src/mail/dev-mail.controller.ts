import { Controller, Get, Header } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '../auth/auth.decorators';
import { NotFoundError } from '../common/errors';
import { html, linkify, page } from '../common/html';
import { DEV_MAIL_KEEP, DevMailCatcher } from './dev-mail-catcher.service';

// The HTML part as a mail client shows it: sandboxed (no scripts, no same-origin access), and a
// link opens in the whole window, like following it from a mail client.
const BASE_TARGET = '<base target="_top">';
const STYLES = `.mail-html{display:block;width:100%;height:36rem;border:1px solid #d4d4d8;border-radius:.25rem;background:#f7f7f8;resize:vertical}
.mail details{margin:.5rem 0 0}`;

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
${
  m.html
    ? html`<iframe class="mail-html" sandbox="allow-top-navigation-by-user-activation" srcdoc="${BASE_TARGET + m.html}" title="${m.subject || 'Mail'}: HTML part"></iframe>
<details><summary>Plain-text part</summary><pre>${linkify(m.text)}</pre></details>`
    : html`<pre>${linkify(m.text)}</pre>`
}
</article>`,
)}`;
    return page({ title: 'Caught mail', body, wide: true, styles: STYLES });
  }
}
