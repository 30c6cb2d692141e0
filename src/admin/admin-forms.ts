/**
 * What every console form shares: fields with their errors beside them, reading a posted form
 * through the same validation as the JSON API, and post-redirect-get with a one-time notice.
 */
import type { Type } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, FieldError } from '../common/errors';
import { html, raw, SafeHtml } from '../common/html';
import { toProblem } from '../common/problem.filter';
import { UploadedFile } from '../common/uploads';
import { createValidationPipe } from '../common/validation';

/** A posted form: every value a string, or a list of strings for repeated names (checkboxes), or a file. */
export type FormBody = Record<string, string | string[] | UploadedFile | undefined>;

/** What a page needs to show a refused form again: the values as typed and the errors by field. */
export interface FormState {
  values: FormBody;
  errors: FieldError[];
  /** A refusal about the form as a whole (a conflict, a gone record). */
  message?: string;
}

export const emptyForm = (values: FormBody = {}): FormState => ({ values, errors: [] });

const validation = createValidationPipe();

/** Checks a form's values, converted to the API's shape, exactly as the API checks a JSON body. */
export async function validated<T extends object>(dto: Type<T>, input: Record<string, unknown>): Promise<T> {
  return validation.transform(input, { type: 'body', metatype: dto }) as Promise<T>;
}

export const text = (body: FormBody, name: string): string => {
  const value = body[name];
  return typeof value === 'string' ? value : '';
};

export const list = (body: FormBody, name: string): string[] => {
  const value = body[name];
  return typeof value === 'string' ? [value] : Array.isArray(value) ? value : [];
};

/** A file field that was given a file (an empty file input posts an empty part). */
export const upload = (body: FormBody, name: string): UploadedFile | undefined => {
  const value = body[name];
  return value instanceof UploadedFile && value.chosen ? value : undefined;
};

/** Optional text: an empty field means "not given". */
export const optional = (body: FormBody, name: string): string | undefined => text(body, name).trim() || undefined;

/** A number field: digits become a number; anything else stays as typed, for validation to name. */
export const integer = (body: FormBody, name: string): number | string | undefined => {
  const value = text(body, name).trim();
  if (value === '') return undefined;
  return /^-?\d+$/.test(value) ? Number(value) : value;
};

const NOTICE_COOKIE = 'rapport_notice';

/** The notice left by the last successful form, shown once. */
export function takeNotice(request: FastifyRequest, reply: FastifyReply): string | null {
  const notice = request.cookies?.[NOTICE_COOKIE];
  if (!notice) return null;
  reply.clearCookie(NOTICE_COOKIE, { path: '/admin' });
  return notice.slice(0, 300);
}

/** The "after" of post-redirect-get: 303 to the page, with a notice for it to show once. */
export function redirectWithNotice(reply: FastifyReply, to: string, notice: string): string {
  reply.setCookie(NOTICE_COOKIE, notice, { path: '/admin', httpOnly: true, sameSite: 'lax', maxAge: 60 });
  reply.status(303).header('location', to);
  return '';
}

/**
 * A service's refusal (422, 409, 404, 410) as the form's state, with the status the API would
 * answer set on the reply; anything else is a real failure and is thrown on.
 */
export function refusal(reply: FastifyReply, error: unknown, values: FormBody): FormState {
  if (!(error instanceof DomainError) || !['validation_failed', 'conflict', 'not_found', 'gone'].includes(error.code)) throw error;
  reply.status(toProblem(error).status);
  return { values, errors: error.errors ?? [], message: error.errors?.length ? undefined : error.message };
}

/**
 * Post-redirect-get: runs the action; on success answers 303 to `to` with a notice for the next
 * page; when a service refuses, answers the form's page again with the errors beside their fields.
 */
export async function submit<R>(
  reply: FastifyReply,
  action: () => Promise<R>,
  success: { to: string | ((result: R) => string); notice: string },
  again: (state: FormState) => Promise<string> | string,
  values: FormBody,
): Promise<string> {
  let result: R;
  try {
    result = await action();
  } catch (error) {
    return again(refusal(reply, error, values));
  }
  return redirectWithNotice(reply, typeof success.to === 'function' ? success.to(result) : success.to, success.notice);
}

/** The errors for one field (a field's errors may be named `teamIds` or `teamIds.0`). */
export function errorsFor(state: FormState, ...fields: string[]): string[] {
  return state.errors.filter((e) => fields.some((f) => e.field === f || e.field.startsWith(`${f}.`))).map((e) => e.message);
}

/** The form's errors in one place at its top, linking to each field, announced to screen readers. */
export function errorSummary(state: FormState, fieldIds: Record<string, string> = {}): SafeHtml {
  if (!state.message && state.errors.length === 0) return html``;
  return html`<div class="notice error" role="alert" tabindex="-1">
<p><strong>${state.message ?? 'Please correct the fields marked below.'}</strong></p>
${state.errors.length > 0 && html`<ul>${state.errors.map((e) => html`<li>${fieldIds[e.field.split('.')[0]] ? html`<a href="#${fieldIds[e.field.split('.')[0]]}">${e.message}</a>` : e.message}</li>`)}</ul>`}
</div>`;
}

interface FieldOptions {
  id: string;
  name: string;
  label: string;
  state: FormState;
  /** The API field whose errors belong here (defaults to `name`). */
  field?: string;
  type?: 'text' | 'email' | 'number' | 'datetime-local' | 'password' | 'file';
  hint?: string;
  required?: boolean;
  /** One of two fields of which either may be filled: not `required`, yet not marked optional. */
  alternative?: boolean;
  value?: string;
  attributes?: string;
}

function described(id: string, hint: string | undefined, errors: string[]): SafeHtml {
  const ids = [hint ? `${id}-hint` : '', errors.length ? `${id}-error` : ''].filter(Boolean).join(' ');
  return raw(`${ids ? ` aria-describedby="${ids}"` : ''}${errors.length ? ' aria-invalid="true"' : ''}`);
}

function around(o: FieldOptions, errors: string[], control: SafeHtml): SafeHtml {
  return html`<div class="field${errors.length ? ' has-error' : ''}">
<label for="${o.id}">${o.label}${o.required || o.alternative ? '' : html` <span class="muted">(optional)</span>`}</label>
${o.hint && html`<p class="hint" id="${o.id}-hint">${o.hint}</p>`}
${errors.length > 0 && html`<p class="field-error" id="${o.id}-error">${errors.join('; ')}</p>`}
${control}
</div>`;
}

export function input(o: FieldOptions): SafeHtml {
  const errors = errorsFor(o.state, o.field ?? o.name);
  const value = o.value ?? text(o.state.values, o.name);
  return around(
    o,
    errors,
    html`<input id="${o.id}" name="${o.name}" type="${o.type ?? 'text'}" value="${value}"${o.required ? raw(' required') : ''}${described(o.id, o.hint, errors)}${raw(o.attributes ? ` ${o.attributes}` : '')}>`,
  );
}

export function textarea(o: FieldOptions & { rows?: number }): SafeHtml {
  const errors = errorsFor(o.state, o.field ?? o.name);
  const value = o.value ?? text(o.state.values, o.name);
  return around(o, errors, html`<textarea id="${o.id}" name="${o.name}" rows="${o.rows ?? 6}"${o.required ? raw(' required') : ''}${described(o.id, o.hint, errors)}>${value}</textarea>`);
}

export function select(o: FieldOptions & { options: Array<{ value: string; label: string }> }): SafeHtml {
  const errors = errorsFor(o.state, o.field ?? o.name);
  const chosen = o.value ?? text(o.state.values, o.name);
  return around(
    o,
    errors,
    html`<select id="${o.id}" name="${o.name}"${described(o.id, o.hint, errors)}>${o.options.map(
      (opt) => html`<option value="${opt.value}"${opt.value === chosen ? raw(' selected') : ''}>${opt.label}</option>`,
    )}</select>`,
  );
}

/** A group of checkboxes (or radios) under a legend, e.g. a team-tree picker. */
export function choices(o: {
  name: string;
  legend: string;
  state: FormState;
  field?: string;
  type?: 'checkbox' | 'radio';
  hint?: string;
  options: Array<{ value: string; label: string; depth?: number; checked?: boolean }>;
}): SafeHtml {
  const errors = errorsFor(o.state, o.field ?? o.name);
  const posted = list(o.state.values, o.name);
  const submitted = Object.keys(o.state.values).length > 0;
  const id = `${o.name}-group`;
  return html`<fieldset class="choices${errors.length ? ' has-error' : ''}" id="${id}"${errors.length ? raw(` aria-describedby="${id}-error"`) : ''}>
<legend>${o.legend}</legend>
${o.hint && html`<p class="hint">${o.hint}</p>`}
${errors.length > 0 && html`<p class="field-error" id="${id}-error">${errors.join('; ')}</p>`}
${o.options.map((opt, n) => {
  const checked = submitted ? posted.includes(opt.value) : opt.checked;
  return html`<div class="choice" style="margin-left:${raw(String((opt.depth ?? 0) * 1.25))}rem"><input type="${o.type ?? 'checkbox'}" id="${o.name}-${n}" name="${o.name}" value="${opt.value}"${checked ? raw(' checked') : ''}><label for="${o.name}-${n}">${opt.label}</label></div>`;
})}
</fieldset>`;
}

/** A one-button form (archive, launch, revoke…): a POST with its CSRF token, working without JavaScript. */
export function actionButton(action: string, label: string, csrf: string, options: { danger?: boolean; hidden?: Record<string, string>; ariaLabel?: string } = {}): SafeHtml {
  return html`<form method="post" action="${action}" class="inline">${csrfInput(csrf)}${Object.entries(options.hidden ?? {}).map(
    ([name, value]) => html`<input type="hidden" name="${name}" value="${value}">`,
  )}<button type="submit"${options.danger ? raw(' class="danger"') : ''}${options.ariaLabel ? html` aria-label="${options.ariaLabel}"` : ''}>${label}</button></form>`;
}

export function csrfInput(csrf: string): SafeHtml {
  return html`<input type="hidden" name="_csrf" value="${csrf}">`;
}
