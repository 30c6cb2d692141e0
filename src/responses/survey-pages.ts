import { csrfField, html, page, raw, SafeHtml } from '../common/html';
import { FieldError } from '../common/errors';
import { OpenSurvey } from './surveys.service';

const AGREE_LABELS = ['Strongly disagree', 'Disagree', 'Somewhat disagree', 'Neither agree nor disagree', 'Somewhat agree', 'Agree', 'Strongly agree'];

/** When a survey closes, as the invitation mail says it: the organization's local time, with its zone named. */
export function closingTime(closesAt: Date, timeZone: string): string {
  const local = new Intl.DateTimeFormat('en-GB', { dateStyle: 'full', timeStyle: 'short', timeZone }).format(closesAt);
  return `${local} (${timeZone})`;
}

// A compact row of real radio buttons per question: the input covers its box (so the whole box
// is the target, and keyboard and screen readers use the native radio group), the box fills and
// gets a tick when chosen, so the choice does not rest on colour alone. Ink on white 4.5:1 or more;
// white on #1d4fb8 7:1; box borders 3:1. The answered count is CSS only (counters over :has), shown
// only where the browser can count, so no page ever claims a wrong number.
function surveyStyle(total: number): SafeHtml {
  return raw(`<style>
main{padding-bottom:0}
.intro{margin:.25rem 0 .75rem}
.q{border:1px solid #c7c7cc;border-radius:.5rem;background:#fff;margin:.4rem 0;padding:.2rem .6rem .4rem}
.q legend{font-weight:600;padding:0 .25rem;line-height:1.3}
.q legend .pos{font-weight:400;font-size:.8rem;color:#5f5f66;margin-right:.35rem;white-space:nowrap}
.scale{display:grid;grid-template-columns:repeat(7,1fr);gap:.3rem;margin-top:.35rem}
.scale.s11{grid-template-columns:repeat(11,1fr);gap:.2rem}
.scale label{position:relative;margin:0;font-weight:400}
.scale input{position:absolute;inset:0;width:100%;height:100%;margin:0;opacity:0;cursor:pointer}
.box{display:flex;align-items:center;justify-content:center;min-height:44px;border:2px solid #8a8a8e;border-radius:.375rem;background:#fff;color:#1d1d1f;font-weight:600;font-variant-numeric:tabular-nums}
.s11 .box{min-height:40px;font-size:.95rem}
.scale label:hover .box{border-color:#1d4fb8}
.scale input:checked+.box{background:#1d4fb8;border-color:#1d4fb8;color:#fff}
.scale input:checked+.box::before{content:"\\2713";margin-right:.15rem;font-size:.85em}
.s11 input:checked+.box::before{content:none}
.s11 input:checked+.box{text-decoration:underline;text-underline-offset:3px}
.scale input:focus-visible+.box{outline:3px solid #f2b705;outline-offset:2px}
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
.ends{display:flex;justify-content:space-between;gap:.5rem;font-size:.8rem;color:#5f5f66;margin-top:.1rem;line-height:1.2}
.ends span:last-child{text-align:right}
textarea{width:100%;min-height:5rem;padding:.6rem;font:inherit;border:1px solid #8a8a8e;border-radius:.375rem}
textarea:focus{outline:3px solid #f2b705;outline-offset:2px}
form{counter-reset:answered}
.send{position:sticky;bottom:0;background:#24364b;color:#fff;margin:1rem -1rem 0;padding:.6rem 1rem;display:flex;align-items:center;justify-content:space-between;gap:.75rem;flex-wrap:wrap}
.send p{margin:0;font-size:.95rem}
.send button{margin:0;background:#fff;color:#1d4fb8;font-weight:600}
.send .count{display:none}
@supports selector(:has(a)){
.q:has(input:checked){counter-increment:answered}
.send .count{display:inline}
.send .count::before{content:counter(answered) " of ${total} answered"}
.send .static{display:none}
}
</style>`);
}

function question(q: OpenSurvey['questions'][number], index: number, total: number): SafeHtml {
  const agree = q.scale === 'agree7';
  const values = agree ? [1, 2, 3, 4, 5, 6, 7] : [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
  const name = `q_${q.key}`;
  const options = values.map((v) => {
    const meaning = agree ? html`<span class="sr"> ${AGREE_LABELS[v - 1]}</span>` : v === 0 ? html`<span class="sr"> not at all likely</span>` : v === 10 ? html`<span class="sr"> extremely likely</span>` : '';
    return html`<label><input type="radio" name="${name}" value="${v}"><span class="box">${v}${meaning}</span></label>`;
  });
  const ends = agree
    ? html`<div class="ends" aria-hidden="true"><span>1 · Strongly disagree</span><span>7 · Strongly agree</span></div>`
    : html`<div class="ends" aria-hidden="true"><span>0 · Not at all likely</span><span>10 · Extremely likely</span></div>`;
  return html`<fieldset class="q"><legend><span class="pos">Question ${index + 1} of ${total}</span> ${q.text}</legend><div class="scale${agree ? '' : raw(' s11')}">${options}</div>${ends}</fieldset>`;
}

/** Whom this answer is counted with, so a member can notice a name that should not be there. */
function pooledWith(people: string[]): SafeHtml {
  if (people.length === 0) {
    return html`<p>Nobody else was invited in your group, so your answers are never shown on their own.</p>`;
  }
  const count = people.length === 1 ? '1 other person' : `${people.length} other people`;
  return html`<details><summary>Your answers are combined with those of ${count} invited with you; no result is ever shown for a smaller group than this one</summary>
<ul>${people.map((p) => html`<li>${p}</li>`)}</ul>
<p class="muted">If someone on this list should not be here, tell your HR team before answering.</p></details>`;
}

/** What someone reopening their link is told: the truth about what was kept and what sending again does. */
const ANSWERED_NOTICE =
  'They are not shown here, so no one who opens this link can read them. If you send this form again, your new answers replace all of your earlier ones: a question you leave blank now counts as skipped.';

export function surveyForm(survey: OpenSurvey, timeZone: string, csrf: string, errors: FieldError[] = []): string {
  const total = survey.questions.length;
  const errorSummary =
    errors.length > 0
      ? html`<div class="notice error" role="alert"><p><strong>Please check your answers:</strong></p><ul>${errors.map((e) => html`<li>${e.message}</li>`)}</ul></div>`
      : '';
  const comment = survey.allowComments
    ? html`<label for="comment">Anything else you would like your team to hear? (optional)</label>
<p class="muted" id="comment-help">Comments are shown to your team's manager only when enough people have answered, in random order and without any link to you. Please leave out names and details that would identify you.</p>
<textarea id="comment" name="comment" maxlength="2000" aria-describedby="comment-help"></textarea>`
    : '';
  const body = html`${surveyStyle(total)}
<h1>${survey.campaignName}</h1>
<p class="intro">For the team <strong>${survey.teamName}</strong>: ${total} ${total === 1 ? 'question' : 'questions'}, skip any you like. Open until ${closingTime(survey.closesAt, timeZone)}.</p>
${survey.answered && html`<div class="notice" role="status"><p><strong>Your answers have been received.</strong> ${ANSWERED_NOTICE}</p></div>`}
<p class="muted">Anonymous: managers see only team results, and only when enough people have answered. When the survey closes, your answers are separated from this link for good.</p>
${pooledWith(survey.pooledWith)}
${errorSummary}
<form method="post">
${csrfField(csrf)}
${survey.questions.map((q, i) => question(q, i, total))}
${comment}
<div class="send"><p><span class="count"></span><span class="static">${total} ${total === 1 ? 'question' : 'questions'}, all optional</span></p><button type="submit">${survey.answered ? 'Replace all my answers' : 'Send my answers'}</button></div>
</form>`;
  return page({ title: survey.campaignName, body });
}

export function thanksPage(survey: Pick<OpenSurvey, 'campaignName' | 'closesAt'>, timeZone: string): string {
  const body = html`<h1>Thank you</h1>
<p class="notice" role="status">Your answers to <strong>${survey.campaignName}</strong> are saved.</p>
<p>You can change them with the same link until ${closingTime(survey.closesAt, timeZone)}: sending the form again replaces all of your answers. After that, they are separated from your link for good, and your team's results are shared only if enough people answered.</p>`;
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
