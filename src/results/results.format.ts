/**
 * How results read wherever they are shown (dashboard pages, SVG charts, report emails in
 * text and HTML): one number format, one way to write a change, one heat scale. A reader who
 * sees a score on the dashboard and in an email sees the same digits and the same colour.
 */

/** A 0–100 score (or a percentage) with one decimal, rounded as API.md rounds. */
export function formatScore(value: number): string {
  return (Math.round(value * 10) / 10).toFixed(1);
}

/** A percentage as stored (one decimal), without a trailing ".0". */
export const percent = (value: number): string => `${Number.isInteger(value) ? value : value.toFixed(1)}%`;

/**
 * A change with its sign: "+3.2", "−1.5", "0.0". A real minus sign (U+2212), in HTML and plain
 * text alike: a hyphen is read as a dash, and a screen reader says "minus" only for this one.
 */
export function formatDelta(value: number): string {
  const rounded = Math.round(value * 10) / 10;
  if (rounded > 0) return `+${rounded.toFixed(1)}`;
  if (rounded < 0) return `\u2212${Math.abs(rounded).toFixed(1)}`;
  return '0.0';
}

/** The change since the previous campaign, in words. */
export function change(delta: number | null, significant: boolean | null): string {
  if (delta === null) return 'no earlier result to compare';
  return `${formatDelta(delta)}, ${significant ? 'a real change' : 'may be chance'}`;
}

export function participationWords(p: { invited: number; responded: number | null; participation: number | null }): string {
  if (p.responded === null) return `${p.invited} ${p.invited === 1 ? 'person' : 'people'} invited (how many answered is not shown: it could tell who)`;
  return `${p.responded} of ${p.invited} ${p.invited === 1 ? 'person' : 'people'} answered${p.participation === null ? '' : ` (${percent(p.participation)})`}`;
}

/** Under every results email: why some groups show no numbers. */
export const RESULTS_FOOTNOTE = 'Sent by Rapport. Results are shown only for groups with enough answers to keep every answer anonymous.';

/** Dark text; every heat band and the hidden colour keep 4.5:1 or more against it. */
export const INK = '#1d1d1f';

/**
 * The heat scale, red (low) → amber → green (high), in bands rather than a gradient so that a
 * legend can say exactly which scores a colour stands for. Light backgrounds: INK reads on all.
 */
export const HEAT_BANDS: ReadonlyArray<{ from: number; colour: string; label: string }> = [
  { from: 85, colour: '#8fd19e', label: '85 and above' },
  { from: 70, colour: '#cdeccf', label: '70 to 85' },
  { from: 55, colour: '#fff1b8', label: '55 to 70' },
  { from: 40, colour: '#fdd5b1', label: '40 to 55' },
  { from: 0, colour: '#f5b5b0', label: 'below 40' },
];

/** A cell, bar or swatch without a value (hidden for anonymity or not asked). */
export const HIDDEN_COLOUR = '#e4e4e7';

/** The heat band colour of a 0–100 score; values outside 0–100 take the nearest band. */
export function heatColour(score: number): string {
  return (HEAT_BANDS.find((b) => score >= b.from) ?? HEAT_BANDS[HEAT_BANDS.length - 1]).colour;
}

// One formatter per timezone: toLocaleDateString() builds a new one per call, which cost a
// team page with a two-year campaign picker most of its render time (bench:dashboards).
const DATE_FORMATS = new Map<string, Intl.DateTimeFormat>();
const DAY_FORMATS = new Map<string, Intl.DateTimeFormat>();

/** 2025-03-12T… → "12 Mar 2025" on the organization's calendar, the day the console and emails name. */
export function formatDate(iso: string, timeZone: string): string {
  let format = DATE_FORMATS.get(timeZone);
  if (!format) DATE_FORMATS.set(timeZone, (format = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone })));
  return format.format(new Date(iso));
}

/** Today as YYYY-MM-DD on the organization's calendar (a stored time zone is always one Intl knows: validators.ts). */
export function todayIn(timeZone: string, now = new Date()): string {
  let format = DAY_FORMATS.get(timeZone);
  if (!format) DAY_FORMATS.set(timeZone, (format = new Intl.DateTimeFormat('en-GB', { year: 'numeric', month: '2-digit', day: '2-digit', timeZone })));
  const parts = format.formatToParts(now);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value;
  return `${part('year')}-${part('month')}-${part('day')}`;
}
