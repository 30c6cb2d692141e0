/**
 * Server-rendered HTML without a template engine. `html\`…\`` escapes every interpolated
 * value unless it is already `SafeHtml` (the result of another `html\`…\`` or of `raw()`), so
 * a user-provided name or address can never become markup. Arrays are joined, and null,
 * undefined and false render as nothing (handy for `${cond && html\`…\`}`).
 */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

function render(value: unknown): string {
  if (value === null || value === undefined || value === false) return '';
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return value.map(render).join('');
  return escapeHtml(value);
}

export function html(strings: TemplateStringsArray, ...values: unknown[]): SafeHtml {
  let out = strings[0];
  for (let i = 0; i < values.length; i++) out += render(values[i]) + strings[i + 1];
  return new SafeHtml(out);
}

/** Markup we wrote ourselves (never user input). */
export function raw(markup: string): SafeHtml {
  return new SafeHtml(markup);
}

/** Plain text with its http(s) links made clickable; everything else escaped. */
export function linkify(text: string): SafeHtml {
  const parts = text.split(/(https?:\/\/[^\s<>"']+)/g);
  return new SafeHtml(
    parts.map((part, i) => (i % 2 === 1 ? `<a href="${escapeHtml(part)}">${escapeHtml(part)}</a>` : escapeHtml(part))).join(''),
  );
}

/** A hidden CSRF field for a form (see `csrfToken()` in src/auth/csrf.ts). */
export function csrfField(token: string): SafeHtml {
  return html`<input type="hidden" name="_csrf" value="${token}">`;
}

// One small stylesheet inline in every page (helmet's CSP allows inline styles, not scripts):
// readable on a phone, no build step.
export const STYLESHEET = `
*{box-sizing:border-box}
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:#1d1d1f;background:#f7f7f8;line-height:1.5}
header{background:#24364b;color:#fff;padding:.75rem 1rem;display:flex;gap:1rem;align-items:center;justify-content:space-between;flex-wrap:wrap}
header a{color:#fff}
header nav ul{list-style:none;display:flex;flex-wrap:wrap;gap:.25rem 1rem;margin:0;padding:0}
header nav a[aria-current=page]{font-weight:700;text-decoration-thickness:3px}
.skip{position:absolute;left:-999px}.skip:focus{left:.5rem;top:.5rem;background:#fff;color:#24364b;padding:.5rem;z-index:2}
header form{margin:0}
main{max-width:40rem;margin:0 auto;padding:1rem}
main.wide{max-width:64rem}
h1{font-size:1.5rem;margin:.5rem 0 1rem}
label{display:block;font-weight:600;margin:.75rem 0 .25rem}
input[type=email],input[type=text]{width:100%;padding:.6rem;font-size:1rem;border:1px solid #8a8a8e;border-radius:.375rem}
button{font-size:1rem;padding:.6rem 1.2rem;margin-top:1rem;border:0;border-radius:.375rem;background:#2458c6;color:#fff;cursor:pointer}
header button{margin:0;padding:.3rem .8rem;background:#fff;color:#24364b}
button:focus,input:focus,a:focus{outline:3px solid #f2b705;outline-offset:2px}
.notice{background:#fff;border-left:4px solid #2458c6;padding:.75rem 1rem;margin:1rem 0}
.error{border-left-color:#b3261e}
.mail{background:#fff;border:1px solid #ddd;border-radius:.375rem;padding:.75rem 1rem;margin:1rem 0;overflow-wrap:anywhere}
.mail pre{white-space:pre-wrap;font-family:inherit;margin:.5rem 0 0}
.muted{color:#5f5f66;font-size:.9rem}
`;

export interface PageOptions {
  title: string;
  body: SafeHtml;
  /** Shown in the header with a sign-out button when a staff member is signed in. */
  signedIn?: { name: string; csrf: string } | null;
  /** Links to the signed-in person's areas (dashboards, the HR console), in the header. */
  nav?: SafeHtml;
  wide?: boolean;
  /** Extra CSS for this page, written by us (never user input), after the shared stylesheet. */
  styles?: string;
}

/** The whole document around a page's body. */
export function page({ title, body, signedIn, nav, wide, styles }: PageOptions): string {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · Rapport</title>
<style>${raw(STYLESHEET + (styles ?? ''))}</style>
</head>
<body>
<a class="skip" href="#main">Skip to content</a>
<header><strong>Rapport</strong>${nav}${
    signedIn &&
    html`<span>${signedIn.name}</span><form method="post" action="/logout">${csrfField(signedIn.csrf)}<button type="submit">Sign out</button></form>`
  }</header>
<main id="main"${wide ? raw(' class="wide"') : ''}>
${body}
</main>
</body>
</html>
`.value;
}
