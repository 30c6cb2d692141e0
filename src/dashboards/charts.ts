/**
 * Small, pure chart functions for the server-rendered dashboards: data in, an SVG string out.
 * Every chart is `role="img"` with an `aria-label` and a `<title>` that say in words what it
 * shows (numbers included), every label is escaped, and a missing or suppressed value is drawn
 * as a gap or marked with text, never as a zero. Scores are on the 0–100 scale of API.md.
 */
import { escapeHtml } from '../common/html';
import { formatScore, HIDDEN_COLOUR, INK } from '../results/results.format';

// ---------------------------------------------------------------------------------------------
// Scales, numbers and colours

export type Scale = (value: number) => number;

/** A linear map from `domain` to `range`; values outside the domain are clipped to it. */
export function linearScale(domain: [number, number], range: [number, number]): Scale {
  const [d0, d1] = domain;
  const [r0, r1] = range;
  const lo = Math.min(d0, d1);
  const hi = Math.max(d0, d1);
  return (value: number) => {
    const v = Math.min(hi, Math.max(lo, value));
    return d1 === d0 ? (r0 + r1) / 2 : r0 + ((v - d0) / (d1 - d0)) * (r1 - r0);
  };
}

/** Coordinates with at most two decimals, so the markup stays small and stable. */
const px = (value: number): string => String(Math.round(value * 100) / 100);

type Rgb = [number, number, number];

function parseHex(hex: string): Rgb {
  const m = /^#?([0-9a-f]{6})$/i.exec(hex);
  if (!m) throw new Error(`not a #rrggbb colour: ${hex}`);
  const n = parseInt(m[1], 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

const toHex = ([r, g, b]: Rgb): string => `#${[r, g, b].map((c) => Math.round(c).toString(16).padStart(2, '0')).join('')}`;

/** WCAG 2.1 relative luminance of a #rrggbb colour. */
export function relativeLuminance(hex: string): number {
  const [r, g, b] = parseHex(hex).map((c) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** WCAG 2.1 contrast ratio between two #rrggbb colours (1 to 21). */
export function contrastRatio(a: string, b: string): number {
  const [hi, lo] = [relativeLuminance(a), relativeLuminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

const WHITE = '#ffffff';

/** Dark ink or white, whichever reads better on `background`. */
export function readableTextOn(background: string): string {
  return contrastRatio(INK, background) >= contrastRatio(WHITE, background) ? INK : WHITE;
}

function mix(a: string, b: string, t: number): string {
  const x = parseHex(a);
  const y = parseHex(b);
  return toHex([0, 1, 2].map((i) => x[i] + (y[i] - x[i]) * t) as Rgb);
}

function svgOpen(width: number, height: number, label: string, extraClass = ''): string {
  const text = escapeHtml(label);
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" class="chart${extraClass ? ` ${extraClass}` : ''}" viewBox="0 0 ${width} ${height}" ` +
    `width="100%" preserveAspectRatio="xMinYMin meet" role="img" aria-label="${text}" ` +
    `font-family="system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif" font-size="14"><title>${text}</title>`
  );
}

const textEl = (x: number, y: number, content: string, attrs = ''): string =>
  `<text x="${px(x)}" y="${px(y)}"${attrs ? ` ${attrs}` : ''}>${escapeHtml(content)}</text>`;

/** Long labels shortened for an axis (the full text stays in the text alternative). */
export function truncate(label: string, max: number): string {
  return label.length <= max ? label : `${label.slice(0, Math.max(1, max - 1)).trimEnd()}…`;
}

// ---------------------------------------------------------------------------------------------
// Dimension scores: horizontal bars with confidence whiskers

export interface ScoreBar {
  label: string;
  /** 0–100; null when not shown. */
  score: number | null;
  ciLow?: number | null;
  ciHigh?: number | null;
  /** Why there is no score (e.g. "hidden: fewer than 5 answers"); shown in place of the bar. */
  missing?: string;
}

export interface ScoreBarsOptions {
  /** What the chart is about, for its text alternative (e.g. "Platform, Spring pulse"). */
  title: string;
  width?: number;
}

const BAR_ROW = 46;
const BAR_HEIGHT = 16;
const AXIS_HEIGHT = 24;
const BAR_FILL = '#2458c6';

/**
 * One row per dimension: the name and the score with its 95 % interval above a bar on a fixed
 * 0–100 axis, with a whisker from ciLow to ciHigh. A row without a score shows its `missing`
 * text instead of a bar.
 */
export function scoreBars(rows: ScoreBar[], options: ScoreBarsOptions): string {
  const width = options.width ?? 400;
  const left = 4;
  const right = width - 8;
  const x = linearScale([0, 100], [left, right]);
  const height = rows.length * BAR_ROW + AXIS_HEIGHT;

  const described = rows.map((r) => {
    if (r.score === null) return `${r.label}: ${r.missing ?? 'not shown'}`;
    const ci = r.ciLow != null && r.ciHigh != null ? ` (95% confidence ${formatScore(r.ciLow)} to ${formatScore(r.ciHigh)})` : '';
    return `${r.label}: ${formatScore(r.score)}${ci}`;
  });
  const label =
    rows.length === 0
      ? `${options.title}: no scores to show`
      : `${options.title}: scores on a 0 to 100 scale. ${described.join('; ')}.`;

  const parts: string[] = [svgOpen(width, height, label, 'chart-bars')];
  // Gridlines and axis
  for (const tick of [0, 25, 50, 75, 100]) {
    const tx = x(tick);
    parts.push(`<line x1="${px(tx)}" y1="0" x2="${px(tx)}" y2="${px(height - AXIS_HEIGHT + 4)}" stroke="#d4d4d8" stroke-width="1"/>`);
    const anchor = tick === 0 ? 'start' : tick === 100 ? 'end' : 'middle';
    parts.push(textEl(tx, height - 6, String(tick), `text-anchor="${anchor}" fill="#5f5f66" font-size="12"`));
  }
  rows.forEach((r, i) => {
    const top = i * BAR_ROW;
    const barY = top + 22;
    parts.push(textEl(left, top + 15, r.label, `fill="${INK}" font-weight="600"`));
    parts.push(`<rect x="${px(left)}" y="${px(barY)}" width="${px(right - left)}" height="${BAR_HEIGHT}" fill="#f0f0f2"/>`);
    if (r.score === null) {
      parts.push(`<rect x="${px(left)}" y="${px(barY)}" width="${px(right - left)}" height="${BAR_HEIGHT}" fill="${HIDDEN_COLOUR}"/>`);
      parts.push(textEl(left + 6, barY + 12.5, r.missing ?? 'not shown', `fill="${INK}" font-size="12" font-style="italic"`));
      return;
    }
    const end = x(r.score);
    parts.push(`<rect x="${px(left)}" y="${px(barY)}" width="${px(Math.max(0, end - left))}" height="${BAR_HEIGHT}" fill="${BAR_FILL}"/>`);
    let valueText = formatScore(r.score);
    if (r.ciLow != null && r.ciHigh != null) {
      const lo = x(r.ciLow);
      const hi = x(r.ciHigh);
      const mid = barY + BAR_HEIGHT / 2;
      parts.push(
        `<g stroke="${INK}" stroke-width="2" aria-hidden="true"><line x1="${px(lo)}" y1="${px(mid)}" x2="${px(hi)}" y2="${px(mid)}"/>` +
          `<line x1="${px(lo)}" y1="${px(mid - 6)}" x2="${px(lo)}" y2="${px(mid + 6)}"/><line x1="${px(hi)}" y1="${px(mid - 6)}" x2="${px(hi)}" y2="${px(mid + 6)}"/></g>`,
      );
      valueText += ` (${formatScore(r.ciLow)}–${formatScore(r.ciHigh)})`;
    }
    parts.push(textEl(right, top + 15, valueText, `text-anchor="end" fill="${INK}"`));
  });
  parts.push('</svg>');
  return parts.join('');
}

// ---------------------------------------------------------------------------------------------
// Trend: lines over campaigns, with gaps where a point is suppressed

export interface LineSeries {
  label: string;
  /** One value per x label; null is a gap (a suppressed or missing point), never a zero. */
  values: Array<number | null>;
  /** Drawn heavier (e.g. the index). */
  emphasis?: boolean;
}

export interface LineChartOptions {
  title: string;
  /** One label per point on the x axis (e.g. campaign names). */
  xLabels: string[];
  series: LineSeries[];
  /** Marks x positions where the whole point is hidden (e.g. a suppressed campaign). */
  hiddenAt?: boolean[];
  width?: number;
  yDomain?: [number, number];
}

/** Colour-blind-safe (Okabe–Ito) colours, each with its own dash pattern so colour is not the only cue. */
export const SERIES_STYLES: Array<{ colour: string; dash: string }> = [
  { colour: '#1d1d1f', dash: '' },
  { colour: '#0072b2', dash: '6 3' },
  { colour: '#b35a00', dash: '2 3' },
  { colour: '#007a5a', dash: '8 3 2 3' },
  { colour: '#a8467f', dash: '1 2' },
  { colour: '#5f5f66', dash: '10 4' },
];

export function lineChart(options: LineChartOptions): string {
  const width = options.width ?? 400;
  const { xLabels, series } = options;
  const [y0, y1] = options.yDomain ?? [0, 100];
  const margin = { left: 30, right: 14, top: 10, bottom: 34 };
  const plotHeight = 170;
  const legendRows = Math.ceil(series.length / 2);
  const height = margin.top + plotHeight + margin.bottom + legendRows * 22 + 4;
  const y = linearScale([y0, y1], [margin.top + plotHeight, margin.top]);
  const n = xLabels.length;
  const xAt = (i: number) => (n <= 1 ? (margin.left + width - margin.right) / 2 : linearScale([0, n - 1], [margin.left + 12, width - margin.right - 12])(i));

  const describe = (s: LineSeries) =>
    `${s.label}: ${s.values.map((v, i) => `${xLabels[i] ?? ''} ${v === null || v === undefined ? 'hidden' : formatScore(v)}`).join(', ')}`;
  const label =
    n === 0
      ? `${options.title}: no results yet`
      : `${options.title}, on a 0 to 100 scale over ${n} ${n === 1 ? 'survey' : 'surveys'}. ${series.map(describe).join('. ')}.`;

  const parts: string[] = [svgOpen(width, height, label, 'chart-line')];
  for (const tick of [0, 25, 50, 75, 100].filter((t) => t >= y0 && t <= y1)) {
    const ty = y(tick);
    parts.push(`<line x1="${margin.left}" y1="${px(ty)}" x2="${width - margin.right}" y2="${px(ty)}" stroke="#d4d4d8" stroke-width="1"/>`);
    parts.push(textEl(margin.left - 5, ty + 4, String(tick), 'text-anchor="end" fill="#5f5f66" font-size="12"'));
  }
  if (n === 0) {
    parts.push(textEl(width / 2, margin.top + plotHeight / 2, 'No results yet', `text-anchor="middle" fill="${INK}"`));
  }
  // Hidden campaigns: a shaded band and the word, so a gap is never read as a drop.
  (options.hiddenAt ?? []).forEach((hidden, i) => {
    if (!hidden || i >= n) return;
    const cx = xAt(i);
    parts.push(`<rect x="${px(cx - 10)}" y="${margin.top}" width="20" height="${plotHeight}" fill="${HIDDEN_COLOUR}"/>`);
    parts.push(textEl(cx, margin.top + plotHeight - 6, 'hidden', `text-anchor="middle" fill="${INK}" font-size="12" font-style="italic"`));
  });
  // X labels: every k-th, so they never overlap
  const every = Math.max(1, Math.ceil(n / Math.max(1, Math.floor((width - margin.left - margin.right) / 70))));
  xLabels.forEach((l, i) => {
    if (i % every !== 0 && i !== n - 1) return;
    const anchor = n > 1 && i === 0 ? 'start' : n > 1 && i === n - 1 ? 'end' : 'middle';
    const lx = n > 1 && i === 0 ? xAt(i) - 12 : n > 1 && i === n - 1 ? xAt(i) + 12 : xAt(i);
    parts.push(textEl(lx, margin.top + plotHeight + 18, truncate(l, 14), `text-anchor="${anchor}" fill="${INK}" font-size="13"`));
  });
  // Lines: one path per run of consecutive values; single points still get a marker.
  series.forEach((s, si) => {
    const style = SERIES_STYLES[si % SERIES_STYLES.length];
    const strokeWidth = s.emphasis ? 3 : 2;
    let run: string[] = [];
    const flush = () => {
      if (run.length > 1) {
        parts.push(
          `<path d="M${run.join('L')}" fill="none" stroke="${style.colour}" stroke-width="${strokeWidth}"${style.dash ? ` stroke-dasharray="${style.dash}"` : ''}/>`,
        );
      }
      run = [];
    };
    s.values.forEach((v, i) => {
      if (i >= n) return;
      if (v === null || v === undefined) return flush();
      run.push(`${px(xAt(i))} ${px(y(v))}`);
    });
    flush();
    s.values.forEach((v, i) => {
      if (i >= n || v === null || v === undefined) return;
      parts.push(`<circle cx="${px(xAt(i))}" cy="${px(y(v))}" r="${s.emphasis ? 4 : 3}" fill="${style.colour}"/>`);
    });
  });
  // Legend: two columns under the axis
  series.forEach((s, si) => {
    const style = SERIES_STYLES[si % SERIES_STYLES.length];
    const col = si % 2;
    const row = Math.floor(si / 2);
    const lx = 8 + col * ((width - 8) / 2);
    const ly = margin.top + plotHeight + margin.bottom + row * 22 + 8;
    parts.push(
      `<line x1="${px(lx)}" y1="${px(ly)}" x2="${px(lx + 24)}" y2="${px(ly)}" stroke="${style.colour}" stroke-width="${s.emphasis ? 3 : 2}"${style.dash ? ` stroke-dasharray="${style.dash}"` : ''}/>`,
    );
    parts.push(textEl(lx + 30, ly + 4, truncate(s.label, 24), `fill="${INK}" font-size="12"`));
  });
  parts.push('</svg>');
  return parts.join('');
}

// ---------------------------------------------------------------------------------------------
// A question's answers: one stacked bar of counts per value

export interface StackedBarOptions {
  /** What was asked, for the text alternative. */
  title: string;
  /** One label per value (e.g. "1 strongly disagree" … "7 strongly agree"). */
  labels: string[];
  counts: number[];
  /** Set when the distribution is suppressed: the reason shown instead of a bar. */
  hidden?: string;
  /** One fill per value; default: red → grey → green in the order given. */
  colours?: string[];
  width?: number;
}

/** Diverging red → grey → green fills for `count` ordered values (low → high). */
export function divergingColours(count: number): string[] {
  const low = '#b2352c';
  const mid = '#d4d4d8';
  const high = '#1f7a3a';
  if (count <= 1) return [mid];
  return Array.from({ length: count }, (_, i) => {
    const t = i / (count - 1);
    return readableFill(t <= 0.5 ? mix(low, mid, t / 0.5) : mix(mid, high, (t - 0.5) / 0.5));
  });
}

/** Lightens a fill until ink or white text on it reaches 4.5:1 (mid-tones may reach neither). */
export function readableFill(background: string): string {
  let fill = background;
  for (let i = 0; i < 10 && contrastRatio(fill, readableTextOn(fill)) < 4.5; i++) fill = mix(fill, WHITE, 0.15);
  return fill;
}

export function stackedBar(options: StackedBarOptions): string {
  const width = options.width ?? 400;
  const height = 30;
  const { counts, labels } = options;
  const total = counts.reduce((a, b) => a + (b > 0 ? b : 0), 0);

  if (options.hidden || total === 0) {
    const reason = options.hidden ?? 'no answers';
    const parts = [svgOpen(width, height, `${options.title}: ${reason}`, 'chart-stack')];
    parts.push(`<rect x="0" y="2" width="${width}" height="24" fill="${HIDDEN_COLOUR}"/>`);
    parts.push(textEl(8, 19, reason, `fill="${INK}" font-size="13" font-style="italic"`));
    parts.push('</svg>');
    return parts.join('');
  }

  const described = counts.map((c, i) => `${labels[i] ?? String(i + 1)}: ${c}`).join(', ');
  const parts = [svgOpen(width, height, `${options.title}: ${total} answers. ${described}.`, 'chart-stack')];
  const colours = options.colours ?? divergingColours(counts.length);
  const x = linearScale([0, total], [0, width]);
  let acc = 0;
  counts.forEach((c, i) => {
    if (c <= 0) return;
    const x0 = x(acc);
    const x1 = x(acc + c);
    acc += c;
    parts.push(`<rect x="${px(x0)}" y="2" width="${px(x1 - x0)}" height="24" fill="${colours[i]}" stroke="#ffffff" stroke-width="1"/>`);
    if (x1 - x0 >= 18) {
      parts.push(textEl((x0 + x1) / 2, 19, String(c), `text-anchor="middle" fill="${readableTextOn(colours[i])}" font-size="14" font-weight="600"`));
    }
  });
  parts.push('</svg>');
  return parts.join('');
}
