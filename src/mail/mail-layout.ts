/**
 * The one page shell of every HTML email (invitations, reminders, sign-in links, reports):
 * a centred 600-px card on a grey background. Table layout and inline styles only, since mail
 * clients ignore <style> blocks and never run scripts; no images.
 */
import { html, SafeHtml } from '../common/html';

export const FONT = 'font-family:Arial,Helvetica,sans-serif;color:#1d1d1f';
export const MUTED = '#5f5f66';
export const LINK_COLOUR = '#2458c6';

/** The whole document; `footer`, when given, is a small line under the card. */
export function mailDocument(title: string, body: SafeHtml, footer?: string): string {
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${title}</title></head>
<body style="margin:0;padding:0;background:#f7f7f8">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:#f7f7f8"><tr><td align="center" style="padding:24px 12px">
<table role="presentation" width="600" cellpadding="0" cellspacing="0" style="max-width:600px;width:100%;background:#ffffff;border-radius:8px;${FONT}">
<tr><td style="padding:24px 28px;font-size:15px;line-height:1.5">
${body}
</td></tr></table>
${footer && html`<p style="margin:16px 0 0;font-family:Arial,Helvetica,sans-serif;font-size:12px;color:${MUTED}">${footer}</p>`}
</td></tr></table>
</body></html>
`.value;
}

/** A button link, with the address written out under it for clients that hide buttons. */
export function mailButton(href: string, label: string): SafeHtml {
  return html`<table role="presentation" cellpadding="0" cellspacing="0" style="margin:16px 0 4px"><tr><td style="background:${LINK_COLOUR};border-radius:6px"><a href="${href}" style="display:inline-block;padding:10px 18px;color:#ffffff;text-decoration:none;font-size:15px;font-family:Arial,Helvetica,sans-serif">${label}</a></td></tr></table>
<p style="margin:0 0 8px;font-size:12px;color:${MUTED};word-break:break-all">${href}</p>`;
}
