import { HEAT_BANDS, heatColour, HIDDEN_COLOUR, INK } from '../results/results.format';
import {
  contrastRatio,
  divergingColours,
  lineChart,
  linearScale,
  readableTextOn,
  scoreBars,
  stackedBar,
  truncate,
} from './charts';

/** Attribute values and text of an SVG string, for assertions that do not depend on layout. */
const attr = (svg: string, name: string): string[] => [...svg.matchAll(new RegExp(` ${name}="([^"]*)"`, 'g'))].map((m) => m[1]);
const count = (svg: string, tag: string): number => (svg.match(new RegExp(`<${tag}[ >]`, 'g')) ?? []).length;

function expectAccessible(svg: string): void {
  expect(svg.startsWith('<svg')).toBe(true);
  expect(svg.endsWith('</svg>')).toBe(true);
  expect(svg).toContain('role="img"');
  const label = attr(svg, 'aria-label')[0];
  expect(label.length).toBeGreaterThan(10);
  expect(svg).toContain(`<title>${label}</title>`);
  // Well formed enough: every opened element is closed or self-closed.
  for (const tag of ['svg', 'text', 'title', 'g']) {
    expect((svg.match(new RegExp(`<${tag}[ >]`, 'g')) ?? []).length).toBe((svg.match(new RegExp(`</${tag}>`, 'g')) ?? []).length);
  }
}

describe('linearScale', () => {
  it('maps the domain onto the range, including reversed ranges', () => {
    const x = linearScale([0, 100], [10, 410]);
    expect(x(0)).toBe(10);
    expect(x(50)).toBe(210);
    expect(x(100)).toBe(410);
    const y = linearScale([0, 100], [200, 0]);
    expect(y(0)).toBe(200);
    expect(y(25)).toBe(150);
  });

  it('clips values outside the domain and survives an empty domain', () => {
    const x = linearScale([0, 100], [0, 400]);
    expect(x(-20)).toBe(0);
    expect(x(130)).toBe(400);
    expect(linearScale([5, 5], [0, 100])(5)).toBe(50);
  });
});

describe('colours', () => {
  it('computes WCAG contrast ratios', () => {
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrastRatio('#ffffff', '#ffffff')).toBeCloseTo(1, 5);
    expect(contrastRatio('#777777', '#ffffff')).toBeCloseTo(4.48, 2);
    expect(() => contrastRatio('red', '#fff')).toThrow();
  });

  // The heat scale lives in results/results.format.ts (dashboards and emails share it); the
  // contrast arithmetic lives here, so this is where its readability is checked.
  it('runs the heat scale red → amber → green and keeps INK at 4.5:1 or more on every band', () => {
    const low = heatColour(0);
    const mid = heatColour(60);
    const high = heatColour(100);
    expect(new Set([low, mid, high]).size).toBe(3);
    const rgb = (hex: string) => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
    expect(rgb(low)[0]).toBeGreaterThan(rgb(low)[1]); // reddish
    expect(rgb(high)[1]).toBeGreaterThan(rgb(high)[0]); // greenish
    for (const colour of [...HEAT_BANDS.map((b) => b.colour), HIDDEN_COLOUR]) {
      expect(contrastRatio(colour, INK)).toBeGreaterThanOrEqual(4.5);
      expect(readableTextOn(colour)).toBe(INK);
    }
    expect(heatColour(-10)).toEqual(heatColour(0));
    expect(heatColour(150)).toEqual(heatColour(100));
  });

  it('gives every segment colour of a distribution a text colour with 4.5:1 or more', () => {
    for (const n of [2, 5, 7, 11]) {
      const colours = divergingColours(n);
      expect(colours).toHaveLength(n);
      for (const c of colours) expect(contrastRatio(c, readableTextOn(c))).toBeGreaterThanOrEqual(4.5);
    }
  });

  it('shortens long labels with an ellipsis', () => {
    expect(truncate('Spring', 14)).toBe('Spring');
    expect(truncate('Spring pulse for everyone', 10)).toBe('Spring pu…');
  });
});

describe('scoreBars', () => {
  const rows = [
    { label: 'Psychological safety', score: 62.5, ciLow: 55, ciHigh: 70 },
    { label: 'Trust', score: 80, ciLow: null, ciHigh: null },
    { label: 'Repair', score: null, missing: 'hidden: fewer than 5 answers' },
  ];

  it('draws a bar per shown score on a fixed 0–100 axis, with whiskers for the interval', () => {
    const svg = scoreBars(rows, { title: 'Platform, Spring', width: 400 });
    expectAccessible(svg);
    // Bar widths: the axis runs from x=4 to x=392, so 62.5 → 242.5 wide, 80 → 310.4 wide.
    const widths = attr(svg, 'width').map(Number);
    expect(widths).toContain(242.5);
    expect(widths).toContain(310.4);
    // Whisker only for the row with an interval: 55 → 217.4, 70 → 275.6
    const x1 = attr(svg, 'x1').map(Number);
    expect(x1).toContain(217.4);
    expect(x1).toContain(275.6);
    expect(svg).toContain('62.5 (55.0–70.0)');
    expect(svg).toContain('>80.0<');
  });

  it('shows a suppressed score as text, never as a zero-length bar, and says so in the text alternative', () => {
    const svg = scoreBars(rows, { title: 'Platform' });
    expect(svg).toContain('hidden: fewer than 5 answers');
    const label = attr(svg, 'aria-label')[0];
    expect(label).toContain('Psychological safety: 62.5 (95% confidence 55.0 to 70.0)');
    expect(label).toContain('Repair: hidden: fewer than 5 answers');
    expect(label).not.toMatch(/Repair: 0/);
    expect(attr(svg, 'width').filter((w) => w === '0')).toHaveLength(0);
  });

  it('renders an empty chart with a text alternative', () => {
    const svg = scoreBars([], { title: 'Nothing' });
    expectAccessible(svg);
    expect(attr(svg, 'aria-label')[0]).toBe('Nothing: no scores to show');
  });

  it('escapes labels and titles', () => {
    const svg = scoreBars([{ label: '<script>alert(1)</script>', score: 50 }], { title: 'Team "A" & <B>' });
    expect(svg).not.toContain('<script>');
    expect(svg).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(svg).toContain('Team &quot;A&quot; &amp; &lt;B&gt;');
  });
});

describe('lineChart', () => {
  it('breaks the line at a suppressed point instead of dropping to zero', () => {
    const svg = lineChart({
      title: 'Index over time',
      xLabels: ['Winter', 'Spring', 'Summer', 'Autumn'],
      hiddenAt: [false, true, false, false],
      series: [{ label: 'Index', values: [60, null, 70, 75], emphasis: true }],
      width: 400,
    });
    expectAccessible(svg);
    // One path for Summer → Autumn; Winter alone is a marker only. Three markers, none at y = 0's position.
    const paths = attr(svg, 'd');
    expect(paths).toHaveLength(1);
    expect(paths[0].split('L')).toHaveLength(2);
    expect(count(svg, 'circle')).toBe(3);
    const zeroY = 10 + 170; // the bottom of the plot
    expect(attr(svg, 'cy').map(Number)).not.toContain(zeroY);
    expect(svg).toContain('>hidden<');
    expect(attr(svg, 'aria-label')[0]).toContain('Index: Winter 60.0, Spring hidden, Summer 70.0, Autumn 75.0');
  });

  it('maps values on the 0–100 scale: 0 at the bottom, 100 at the top', () => {
    const svg = lineChart({ title: 't', xLabels: ['a', 'b'], series: [{ label: 's', values: [0, 100] }] });
    const cy = attr(svg, 'cy').map(Number);
    expect(cy).toEqual([180, 10]);
  });

  it('draws a single campaign as a point in the middle and no campaigns as a message', () => {
    const one = lineChart({ title: 'Index', xLabels: ['Only'], series: [{ label: 'Index', values: [55] }], width: 400 });
    expect(attr(one, 'd')).toHaveLength(0);
    expect(attr(one, 'cx').map(Number)).toEqual([(30 + 400 - 14) / 2]);
    const none = lineChart({ title: 'Index', xLabels: [], series: [{ label: 'Index', values: [] }] });
    expectAccessible(none);
    expect(none).toContain('No results yet');
    expect(attr(none, 'aria-label')[0]).toBe('Index: no results yet');
    expect(count(none, 'circle')).toBe(0);
  });

  it('gives each series its own dash pattern and a legend entry', () => {
    const svg = lineChart({
      title: 't',
      xLabels: ['a', 'b'],
      series: [
        { label: 'Index', values: [1, 2] },
        { label: 'Trust', values: [3, 4] },
        { label: 'Repair', values: [5, 6] },
      ],
    });
    expect(new Set(attr(svg, 'stroke-dasharray')).size).toBe(2); // the first series is solid
    expect(svg).toContain('>Trust<');
    expect(svg).toContain('>Repair<');
  });

  it('escapes campaign names and series labels', () => {
    const svg = lineChart({ title: 'x', xLabels: ['<img src=x onerror=1>'], series: [{ label: 'A&B', values: [50] }] });
    expect(svg).not.toContain('<img');
    expect(svg).toContain('&lt;img');
    expect(svg).toContain('A&amp;B');
  });
});

describe('stackedBar', () => {
  const labels = ['1', '2', '3', '4', '5', '6', '7'];

  it('splits the width in proportion to the counts and labels wide segments with their count', () => {
    const svg = stackedBar({ title: 'Q', labels, counts: [0, 1, 0, 1, 0, 2, 0], width: 400 });
    expectAccessible(svg);
    const widths = [...svg.matchAll(/<rect [^>]*? width="([^"]*)"/g)].map((m) => Number(m[1]));
    // three segments: 1/4, 1/4, 2/4 of 400
    expect(widths).toEqual([100, 100, 200]);
    expect([...svg.matchAll(/<rect x="([^"]*)"/g)].map((m) => Number(m[1]))).toEqual([0, 100, 200]);
    expect(attr(svg, 'aria-label')[0]).toBe('Q: 4 answers. 1: 0, 2: 1, 3: 0, 4: 1, 5: 0, 6: 2, 7: 0.');
    expect(svg).toContain('>2<');
  });

  it('shows a suppressed or empty distribution as text, not as bars', () => {
    const hidden = stackedBar({ title: 'Q', labels, counts: [0, 0, 0, 0, 0, 0, 0], hidden: 'hidden for anonymity' });
    expectAccessible(hidden);
    expect(hidden).toContain('>hidden for anonymity<');
    expect(attr(hidden, 'aria-label')[0]).toBe('Q: hidden for anonymity');
    expect(count(hidden, 'rect')).toBe(1);
    const empty = stackedBar({ title: 'Q', labels, counts: [0, 0, 0, 0, 0, 0, 0] });
    expect(empty).toContain('>no answers<');
  });

  it('escapes the question text', () => {
    const svg = stackedBar({ title: 'Answers to "<b>bold</b>"', labels, counts: [1, 0, 0, 0, 0, 0, 0] });
    expect(svg).not.toContain('<b>');
    expect(svg).toContain('&quot;&lt;b&gt;bold&lt;/b&gt;&quot;');
  });
});
