import { csrfField, html, page, raw, SafeHtml } from '../common/html';
import { FieldError } from '../common/errors';
import { OpenSurvey } from './surveys.service';

const AGREE_LABELS = ['Strongly disagree', 'Disagree', 'Somewhat disagree', 'Neither agree nor disagree', 'Somewhat agree', 'Agree', 'Strongly agree'];

// Large touch targets; the scale wraps on a phone. Colours meet 4.5:1 on white.
const SURVEY_STYLE = raw(`<style>
fieldset{border:1px solid #c7c7cc;border-radius:.5rem;background:#fff;margin:1rem 0;padding:.75rem 1rem}
legend{font-weight:600;padding:0 .25rem}
.scale{display:flex;flex-wrap:wrap;gap:.4rem;margin-top:.5rem}
.scale label{display:flex;align-items:center;gap:.35rem;font-weight:400;margin:0;padding:.45rem .6rem;border:1px solid #8a8a8e;border-radius:.375rem;background:#fafafa;min-height:44px}
.scale input{width:1.1rem;height:1.1rem;margin:0}
.ends{display:flex;justify-content:space-between;font-size:.85rem;color:#5f5f66;margin-top:.25rem}
textarea{width:100%;min-height:6rem;padding:.6rem;font:inherit;border:1px solid #8a8a8e;border-radius:.375rem}
textarea:focus,input[type=radio]:focus{outline:3px solid #f2b705;outline-offset:2px}
</style>`);

function question(q: OpenSurvey['questions'][number], index: number): SafeHtml {
  const values = q.scale === 'agree7' ? [1, 2, 3, 4, 5, 6, 7] : [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
  const name = `q_${q.key}`;
  const options = values.map((v) => {
    const label = q.scale === 'agree7' ? `${v} · ${AGREE_LABELS[v - 1]}` : String(v);
    return html`<label><input type="radio" name="${name}" value="${v}"> ${label}</label>`;
  });
  const ends =
    q.scale === 'nps11' ? html`<div class="ends" aria-hidden="true"><span>0 · Not at all likely</span><span>10 · Extremely likely</span></div>` : '';
  return html`<fieldset><legend>${index + 1}. ${q.text}</legend><div class="scale">${options}</div>${ends}</fieldset>`;
}

/** Whom this answer is counted with, so a member can notice a name that should not be there. */
function pooledWith(people: string[]): SafeHtml {
  if (people.length === 0) {
    return html`<p>Nobody else was invited in your group, so your answers are never shown on their own.</p>`;
  }
  const count = people.length === 1 ? '1 other person' : `${people.length} other people`;
  return html`<details><summary>Your answers are combined with those of ${count} invited with you; results are never shown for fewer people</summary>
<ul>${people.map((p) => html`<li>${p}</li>`)}</ul>
<p class="muted">If someone on this list should not be here, tell your HR team before answering.</p></details>`;
}

export function surveyForm(survey: OpenSurvey, csrf: string, errors: FieldError[] = []): string {
  const closes = survey.closesAt.toUTCString().replace(' GMT', ' UTC');
  const errorSummary =
    errors.length > 0
      ? html`<div class="notice error" role="alert"><p><strong>Please check your answers:</strong></p><ul>${errors.map((e) => html`<li>${e.message}</li>`)}</ul></div>`
      : '';
  const comment = survey.allowComments
    ? html`<label for="comment">Anything else you would like your team to hear? (optional)</label>
<p class="muted" id="comment-help">Comments are shown to your team's manager only when enough people have answered, in random order and without any link to you. Please leave out names and details that would identify you.</p>
<textarea id="comment" name="comment" maxlength="2000" aria-describedby="comment-help"></textarea>`
    : '';
  const body = html`${SURVEY_STYLE}
<h1>${survey.campaignName}</h1>
<p>For the team <strong>${survey.teamName}</strong>. Open until ${closes}.</p>
<div class="notice"><p>Your answers are anonymous: managers see only team results, and only when enough people have answered. When the survey closes, your answers are separated from this link for good. You may skip any question.</p></div>
${pooledWith(survey.pooledWith)}
${
  survey.answered &&
  html`<p class="notice" role="status">This link has already answered. Your earlier answers are not shown to anyone, here included; sending this form again replaces them.</p>`
}
${errorSummary}
<form method="post">
${csrfField(csrf)}
${survey.questions.map((q, i) => question(q, i))}
${comment}
<button type="submit">${survey.answered ? 'Save my changed answers' : 'Send my answers'}</button>
</form>`;
  return page({ title: survey.campaignName, body });
}

export function thanksPage(survey: Pick<OpenSurvey, 'campaignName' | 'closesAt'>): string {
  const body = html`<h1>Thank you</h1>
<p class="notice" role="status">Your answers to <strong>${survey.campaignName}</strong> are saved.</p>
<p>You can change them with the same link until ${survey.closesAt.toUTCString().replace(' GMT', ' UTC')}. After that, they are separated from your link for good, and your team's results are shared only if enough people answered.</p>`;
  return page({ title: 'Thank you', body });
}

export function linkProblemPage(status: 404 | 410, csrf: string): string {
  const body =
    status === 410
      ? html`<h1>This survey has closed</h1><p class="notice">Answers can no longer be given or changed. Thank you for your interest; your team's results are shared with your manager if enough people answered.</p>`
      : html`<h1>This link does not work</h1><p class="notice error">Check that you opened the whole link from your invitation email, or ask for your link again.</p>
${resendForm(csrf)}`;
  return page({ title: status === 410 ? 'Survey closed' : 'Link not valid', body });
}

function resendForm(csrf: string): SafeHtml {
  return html`<form method="post" action="/s/resend">${csrfField(csrf)}
<label for="email">Your work email address</label>
<input id="email" name="email" type="email" autocomplete="email" required>
<button type="submit">Send me my link again</button>
</form>`;
}

export function resendSentPage(): string {
  const body = html`<h1>Check your inbox</h1>
<p class="notice" role="status">If this address has a survey open right now, its link is on its way. The link is the same as in your invitation.</p>`;
  return page({ title: 'Link sent', body });
}
