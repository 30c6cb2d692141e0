/**
 * Small pieces the two report emails share: number wording, the heatmap colours and the
 * email document around a body. Table layout and inline styles only (mail clients ignore
 * <style> blocks and never run scripts); no images.
 */
import { html, SafeHtml } from '../common/html';

export const FONT = 'font-family:Arial,Helvetica,sans-serif;color:#1d1d1f';
export const MUTED = '#5f5f66';
export const LINK_COLOR = '#2458c6';

/** A 0–100 score with one decimal. */
export const score = (value: number): string => value.toFixed(1);

/** A percentage as stored (one decimal), without a trailing ".0". */
export const percent = (value: number): string => `${Number.isInteger(value) ? value : value.toFixed(1)}%`;

export const signed = (delta: number): string => `${delta > 0 ? '+' : delta < 0 ? '-' : '±'}${Math.abs(delta).toFixed(1)}`;

/** The change since the previous campaign, in words. */
export function change(delta: number | null, significant: boolean | null): string {
  if (delta === null) return 'no earlier result to compare';
  return `${signed(delta)}, ${significant ? 'a real change' : 'may be chance'}`;
}

export function participationWords(p: { invited: number; responded: number | null; participation: number | null }): string {
  if (p.responded === null) return `${p.invited} ${p.invited === 1 ? 'person' : 'people'} invited (how many answered is not shown: it could tell who)`;
  return `${p.responded} of ${p.invited} ${p.invited === 1 ? 'person' : 'people'} answered${p.participation === null ? '' : ` (${percent(p.participation)})`}`;
}

/** Heatmap bands: light backgrounds, so dark text stays readable on every one of them. */
export const HEAT_BANDS: Array<{ from: number; color: string; label: string }> = [
  { from: 85, color: '#8fd19e', label: '85 and above' },
  { from: 70, color: '#cdeccf', label: '70 to 85' },
  { from: 55, color: '#fff1b8', label: '55 to 70' },
  { from: 40, color: '#fdd5b1', label: '40 to 55' },
  { from: 0, color: '#f5b5b0', label: 'below 40' },
];
export const HIDDEN_COLOR = '#e4e4e7';

export function heatColor(value: number): string {
  return (HEAT_BANDS.find((b) => value >= b.from) ?? HEAT_BANDS[HEAT_BANDS.length - 1]).color;
}

/** The whole email document: a centred 600-px card on a grey background. */
export function emailDocument(title: string, body: SafeHtml): string {
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${title}</title></head>
<body style="margin:0;padding:0;background:#f7f7f8">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:#f7f7f8"><tr><td align="center" style="padding:24px 12px">
<table role="presentation" width="600" cellpadding="0" cellspacing="0" style="max-width:600px;width:100%;background:#ffffff;border-radius:8px;${FONT}">
<tr><td style="padding:24px 28px;font-size:15px;line-height:1.5">
${body}
</td></tr></table>
<p style="margin:16px 0 0;font-family:Arial,Helvetica,sans-serif;font-size:12px;color:${MUTED}">Sent by Rapport. Results are shown only for groups with enough answers to keep every answer anonymous.</p>
</td></tr></table>
</body></html>
`.value;
}

export function button(href: string, label: string): SafeHtml {
  return html`<table role="presentation" cellpadding="0" cellspacing="0" style="margin:16px 0 4px"><tr><td style="background:${LINK_COLOR};border-radius:6px"><a href="${href}" style="display:inline-block;padding:10px 18px;color:#ffffff;text-decoration:none;font-size:15px;font-family:Arial,Helvetica,sans-serif">${label}</a></td></tr></table>
<p style="margin:0 0 8px;font-size:12px;color:${MUTED};word-break:break-all">${href}</p>`;
}
