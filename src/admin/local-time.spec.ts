import { fromLocalInput, toLocalInput } from './local-time';

describe('datetime-local fields in the organization’s timezone', () => {
  it('reads a wall-clock time in the timezone, across a DST change', () => {
    expect(fromLocalInput('2026-07-01T09:00', 'Europe/Paris')).toBe('2026-07-01T07:00:00.000Z');
    expect(fromLocalInput('2026-12-01T09:00', 'Europe/Paris')).toBe('2026-12-01T08:00:00.000Z');
    expect(toLocalInput('2026-07-01T07:00:00.000Z', 'Europe/Paris')).toBe('2026-07-01T09:00');
  });

  it('leaves an empty field out and a malformed one as typed', () => {
    expect(fromLocalInput(' ', 'UTC')).toBeUndefined();
    expect(fromLocalInput('2026-02-30T09:00', 'UTC')).toBe('2026-02-30T09:00');
    expect(fromLocalInput('tomorrow', 'UTC')).toBe('tomorrow');
  });
});
