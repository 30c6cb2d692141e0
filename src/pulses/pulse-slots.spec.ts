import { addLocalDays, currentSlot, fromLocal, lastSlotIndex, localDate, nextSlot, slotEnd, slotStart, toLocal } from './pulse-slots';

const PARIS = 'Europe/Paris';
const iso = (d: Date) => d.toISOString();

describe('pulse slots', () => {
  it('converts wall-clock times both ways, moving gap times forward and taking the first of an ambiguous hour', () => {
    expect(iso(fromLocal({ year: 2026, month: 1, day: 15, hour: 9, minute: 0, second: 0, millisecond: 0 }, PARIS))).toBe('2026-01-15T08:00:00.000Z');
    expect(iso(fromLocal({ year: 2026, month: 7, day: 15, hour: 9, minute: 0, second: 0, millisecond: 0 }, PARIS))).toBe('2026-07-15T07:00:00.000Z');
    // 2026-03-29 02:30 does not exist in Paris: 03:30 CEST.
    expect(iso(fromLocal({ year: 2026, month: 3, day: 29, hour: 2, minute: 30, second: 0, millisecond: 0 }, PARIS))).toBe('2026-03-29T01:30:00.000Z');
    // 2026-10-25 02:30 happens twice: the first (CEST) one.
    expect(iso(fromLocal({ year: 2026, month: 10, day: 25, hour: 2, minute: 30, second: 0, millisecond: 0 }, PARIS))).toBe('2026-10-25T00:30:00.000Z');
    expect(toLocal(new Date('2026-10-25T01:30:00Z'), PARIS)).toMatchObject({ day: 25, hour: 2, minute: 30 });
    expect(localDate(new Date('2026-03-28T23:30:00Z'), PARIS)).toBe('2026-03-29');
  });

  it('keeps the local weekday and time weekly across the spring DST change in Europe/Paris', () => {
    // Monday 2026-03-23 09:00 CET (UTC+1); DST starts Sunday 2026-03-29.
    const rule = { cadence: 'weekly' as const, startAt: new Date('2026-03-23T09:00:00+01:00'), timeZone: PARIS };
    expect([0, 1, 2].map((k) => iso(slotStart(rule, k)))).toEqual([
      '2026-03-23T08:00:00.000Z',
      '2026-03-30T07:00:00.000Z', // 09:00 CEST
      '2026-04-06T07:00:00.000Z',
    ]);
    for (let k = 0; k < 60; k++) {
      const local = toLocal(slotStart(rule, k), PARIS);
      expect([local.hour, local.minute]).toEqual([9, 0]);
      expect(new Date(Date.UTC(local.year, local.month - 1, local.day)).getUTCDay()).toBe(1);
    }
  });

  it('keeps the local time biweekly across the autumn DST change, and closes after local days', () => {
    const rule = { cadence: 'biweekly' as const, startAt: new Date('2026-10-20T10:30:00+02:00'), timeZone: PARIS, durationDays: 7 };
    expect(iso(slotStart(rule, 1))).toBe('2026-11-03T09:30:00.000Z'); // 10:30 CET
    // A window that spans the change is 7 local days, i.e. 169 hours.
    expect(iso(slotEnd(rule, slotStart(rule, 0)))).toBe('2026-10-27T09:30:00.000Z');
    expect(iso(addLocalDays(new Date('2026-03-28T12:00:00+01:00'), 1, PARIS))).toBe('2026-03-29T10:00:00.000Z');
  });

  it('falls monthly on the same day, clamped to short months and back to the 31st after them', () => {
    const rule = { cadence: 'monthly' as const, startAt: new Date('2026-01-31T09:00:00+01:00'), timeZone: PARIS };
    expect(Array.from({ length: 14 }, (_, k) => localDate(slotStart(rule, k), PARIS))).toEqual([
      '2026-01-31', '2026-02-28', '2026-03-31', '2026-04-30', '2026-05-31', '2026-06-30', '2026-07-31',
      '2026-08-31', '2026-09-30', '2026-10-31', '2026-11-30', '2026-12-31', '2027-01-31', '2027-02-28',
    ]);
    expect(localDate(slotStart({ ...rule, startAt: new Date('2027-12-31T09:00:00+01:00') }, 2), PARIS)).toBe('2028-02-29');
    for (let k = 0; k < 14; k++) expect(toLocal(slotStart(rule, k), PARIS)).toMatchObject({ hour: 9, minute: 0 });
  });

  it('finds the current slot only while its window is open, never a backlog', () => {
    const rule = { cadence: 'weekly' as const, startAt: new Date('2026-01-05T09:00:00+01:00'), timeZone: PARIS, durationDays: 3 };
    expect(currentSlot(rule, new Date('2026-01-05T07:59:59Z'))).toBeNull();
    expect(lastSlotIndex(rule, new Date('2026-01-01T00:00:00Z'))).toBe(-1);
    expect(currentSlot(rule, new Date('2026-01-05T08:00:00Z'))).toMatchObject({ index: 0 });
    expect(currentSlot(rule, new Date('2026-01-08T07:59:59Z'))).toMatchObject({ index: 0 });
    expect(currentSlot(rule, new Date('2026-01-08T08:00:00Z'))).toBeNull();
    // Ten weeks late: only slot 10.
    const late = currentSlot(rule, new Date('2026-03-17T12:00:00Z'));
    expect(late).toMatchObject({ index: 10 });
    expect(iso(late!.start)).toBe('2026-03-16T08:00:00.000Z');
    expect(iso(late!.end)).toBe('2026-03-19T08:00:00.000Z');
    expect(iso(nextSlot(rule, new Date('2026-03-17T12:00:00Z')))).toBe('2026-03-23T08:00:00.000Z');
    expect(iso(nextSlot(rule, new Date('2025-12-01T00:00:00Z')))).toBe('2026-01-05T08:00:00.000Z');
    // Many cadences and instants: the slot found is the latest at or before now.
    for (const cadence of ['weekly', 'biweekly', 'monthly'] as const) {
      const r = { ...rule, cadence, startAt: new Date('2025-01-31T23:30:00Z') };
      for (let t = Date.parse('2025-02-01T00:00:00Z'); t < Date.parse('2027-01-01T00:00:00Z'); t += 37 * 3600_000 + 17_000) {
        const k = lastSlotIndex(r, new Date(t));
        expect(slotStart(r, k).getTime()).toBeLessThanOrEqual(t);
        expect(slotStart(r, k + 1).getTime()).toBeGreaterThan(t);
      }
    }
  });
});
