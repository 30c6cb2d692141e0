import { change, formatDelta, formatScore, HEAT_BANDS, heatColour, percent, todayIn } from './results.format';

describe('results formatting', () => {
  it('formats scores with one decimal and changes with a sign', () => {
    expect(formatScore(62)).toBe('62.0');
    expect(formatScore(62.46)).toBe('62.5');
    expect(formatDelta(3.24)).toBe('+3.2');
    expect(formatDelta(-1.5)).toBe('\u22121.5');
    expect(formatDelta(0.04)).toBe('0.0');
    expect(formatDelta(-0.04)).toBe('0.0');
  });

  it('writes a change in words with the same sign as the dashboards', () => {
    expect(change(-1.2, false)).toBe('\u22121.2, may be chance');
    expect(change(6.1, true)).toBe('+6.1, a real change');
    expect(change(null, null)).toBe('no earlier result to compare');
  });

  it('names today on the organization\'s calendar, which is not the server\'s', () => {
    const lateInLondon = new Date('2026-12-01T23:30:00Z');
    expect(todayIn('Europe/London', lateInLondon)).toBe('2026-12-01');
    expect(todayIn('Asia/Tokyo', lateInLondon)).toBe('2026-12-02');
    expect(todayIn('America/Los_Angeles', new Date('2026-01-01T05:00:00Z'))).toBe('2025-12-31');
  });

  it('writes percentages without a trailing .0', () => {
    expect(percent(80)).toBe('80%');
    expect(percent(13.3)).toBe('13.3%');
  });

  it('puts every score in the band its legend names', () => {
    expect(heatColour(85)).toBe(HEAT_BANDS[0].colour);
    expect(heatColour(84.9)).toBe(HEAT_BANDS[1].colour);
    expect(heatColour(40)).toBe(HEAT_BANDS[3].colour);
    expect(heatColour(39.9)).toBe(HEAT_BANDS[4].colour);
  });
});
