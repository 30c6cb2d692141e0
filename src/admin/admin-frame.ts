/** The console's page shell: the same document and header as the dashboards, plus the console's sections. */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { csrfToken } from '../auth/csrf';
import { WebSession } from '../auth/sessions.service';
import { staffNav } from '../auth/web-page';
import { html, page, raw, SafeHtml } from '../common/html';
import { DASHBOARD_STYLES } from '../dashboards/dashboard-pages';
import { FormState, takeNotice } from './admin-forms';

export const SECTIONS = [
  { path: '/admin', label: 'Overview' },
  { path: '/admin/teams', label: 'Teams' },
  { path: '/admin/people', label: 'People' },
  { path: '/admin/campaigns', label: 'Campaigns' },
  { path: '/admin/pulses', label: 'Pulses' },
  { path: '/admin/users', label: 'Users and API keys' },
  { path: '/admin/settings', label: 'Settings' },
  { path: '/admin/audit', label: 'Audit' },
] as const;
export type Section = (typeof SECTIONS)[number]['path'];

const ADMIN_STYLES = `
nav.sections ul{list-style:none;display:flex;flex-wrap:wrap;gap:.25rem .5rem;padding:0;margin:.25rem 0 1rem}
nav.sections a{display:inline-block;padding:.35rem .7rem;border-radius:1rem;background:#fff;border:1px solid #c4c4cc;text-decoration:none;color:#1d4fb8}
nav.sections a[aria-current=page]{background:#24364b;color:#fff;border-color:#24364b}
.field{margin:0 0 .75rem}
.hint{margin:.1rem 0 .3rem;color:#5f5f66;font-size:.9rem}
.field-error{margin:.1rem 0 .3rem;color:#b3261e;font-weight:600}
.has-error input,.has-error select,.has-error textarea{border-color:#b3261e;border-width:2px}
input[type=number],input[type=datetime-local],input[type=password],select,textarea{width:100%;padding:.55rem;font-size:1rem;border:1px solid #8a8a8e;border-radius:.375rem;background:#fff;color:#1d1d1f;font-family:inherit}
textarea{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.9rem}
select:focus,textarea:focus,input:focus{outline:3px solid #f2b705;outline-offset:2px}
fieldset{border:1px solid #c4c4cc;border-radius:.375rem;margin:0 0 .75rem;padding:.5rem .75rem;background:#fff}
legend{font-weight:600;padding:0 .25rem}
.choice{display:flex;gap:.5rem;align-items:center;margin:.2rem 0}
.choice label{font-weight:400;margin:0}
.choice input{width:1.1rem;height:1.1rem;margin:0}
form.inline{display:inline}
form.inline button{margin:.15rem .25rem .15rem 0;padding:.35rem .8rem;font-size:.95rem}
button.danger{background:#b3261e}
button.secondary{background:#fff;color:#1d4fb8;border:1px solid #1d4fb8}
.panel{background:#fff;border:1px solid #ddd;border-radius:.375rem;padding:.75rem 1rem;margin:1rem 0}
.panel h2{margin-top:.25rem}
.notice.ok{border-left-color:#1e7b34}
.key{font-family:ui-monospace,Menlo,Consolas,monospace;overflow-wrap:anywhere;background:#fff7d6;padding:.5rem;border:1px solid #e0c200;display:block}
.status{display:inline-block;padding:.05rem .5rem;border-radius:.75rem;background:#eef0f4;font-size:.85rem}
.cols{display:grid;gap:0 1rem;grid-template-columns:repeat(auto-fit,minmax(14rem,1fr))}
dl.cols{margin:0 0 1rem}
dl.cols dt{font-weight:600}
dl.cols dd{margin:0 0 .5rem}
td.detail{overflow-wrap:anywhere;min-width:10rem;font-size:.85rem}
ol.lines{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.85rem;background:#fff;border:1px solid #ddd;padding:.5rem .5rem .5rem 3rem;overflow-x:auto}
ol.lines li{overflow-wrap:anywhere}
ol.lines li.bad{background:#fde8e7}
ol.lines li .field-error{font-family:system-ui,sans-serif}
`;

export interface AdminFrame {
  orgName: string;
  userName: string;
  csrf: string;
  notice: string | null;
  /** A refused one-button action (archive, launch…), shown at the top of the page it came from. */
  alert?: string;
}

export function adminFrame(session: WebSession, request: FastifyRequest, reply: FastifyReply): AdminFrame {
  return { orgName: session.orgName, userName: session.principal.name, csrf: csrfToken(reply), notice: takeNotice(request, reply) };
}

/** A whole console document: header, sections, the notice left by the last form, the body. */
export function adminPage(f: AdminFrame, current: Section, title: string, body: SafeHtml): string {
  const sections = html`<nav class="sections" aria-label="HR console"><ul>${SECTIONS.map(
    (s) => html`<li><a href="${s.path}"${s.path === current ? raw(' aria-current="page"') : ''}>${s.label}</a></li>`,
  )}</ul></nav>`;
  return page({
    title: `${title} · HR console`,
    signedIn: { name: f.userName, csrf: f.csrf },
    nav: staffNav('hr_admin', 'console'),
    wide: true,
    styles: DASHBOARD_STYLES + ADMIN_STYLES,
    body: html`${sections}
<h1>${title}</h1>
${f.notice && html`<p class="notice ok" role="status">${f.notice}</p>`}
${f.alert && html`<p class="notice error" role="alert">${f.alert}</p>`}
${body}`,
  });
}

/** The frame again with a refused action's reason at the top. */
export function refused(f: AdminFrame, state: FormState): AdminFrame {
  return { ...f, alert: state.message ?? state.errors.map((e) => e.message).join('; ') };
}

// One formatter per timezone: toLocaleString() builds a new one per call, most of the render
// time of a page listing a hundred campaigns (bench:dashboards).
const localFormats = new Map<string, Intl.DateTimeFormat>();

/** "5 Dec 2026, 09:00" in the organization's timezone. */
export function formatLocal(iso: string | Date | null, timeZone: string): string {
  if (!iso) return '—';
  let format = localFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-GB', { timeZone, day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' });
    localFormats.set(timeZone, format);
  }
  return format.format(new Date(iso));
}
