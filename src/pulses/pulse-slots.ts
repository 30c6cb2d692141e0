/**
 * When a pulse series' slots fall, computed in the organization's IANA timezone with Intl only.
 *
 * Slot 0 is `startAt`. Weekly and biweekly slots keep the local weekday and local time of
 * `startAt` every 7 / 14 local days (so 09:00 stays 09:00 across a DST change, which is not a
 * fixed number of hours and not a cron pattern). Monthly slots keep the local day of month,
 * clamped to the month's length (the 31st becomes the 30th in April, the 28th/29th in
 * February, and comes back to the 31st in May), and the local time. A local time that does
 * not exist on a given day (the spring-forward gap) moves forward by the gap; an ambiguous
 * one (the fall-back hour) takes its first occurrence.
 *
 * A slot's window is [slot start, slot start + durationDays local days).
 */

export const CADENCES = ['weekly', 'biweekly', 'monthly'] as const;
export type Cadence = (typeof CADENCES)[number];

/** The longest a pulse may stay open: its cadence, so two slots of a series never overlap. */
export const MAX_DURATION_DAYS: Record<Cadence, number> = { weekly: 7, biweekly: 14, monthly: 28 };

export interface SlotRule {
  cadence: Cadence;
  startAt: Date;
  durationDays: number;
  timeZone: string;
}

export interface LocalTime {
  year: number;
  /** 1–12 */
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The wall-clock time an instant shows in a timezone. */
export function toLocal(instant: Date, timeZone: string): LocalTime {
  const parts: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(instant)) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  const ms = instant.getTime();
  return {
    year: parts.year,
    month: parts.month,
    day: parts.day,
    hour: parts.hour === 24 ? 0 : parts.hour,
    minute: parts.minute,
    second: parts.second,
    millisecond: ((ms % 1000) + 1000) % 1000,
  };
}

/** A wall-clock time as milliseconds, as if it were UTC (Date.UTC normalizes overflowing days and months). */
function wallMs(t: LocalTime): number {
  return Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute, t.second, t.millisecond);
}

/** How far a timezone's wall clock is ahead of UTC at an instant, in ms. */
function offsetAt(instantMs: number, timeZone: string): number {
  return wallMs(toLocal(new Date(instantMs), timeZone)) - instantMs;
}

/** The instant a wall-clock time names in a timezone (gap → moved forward; overlap → first occurrence). */
export function fromLocal(t: LocalTime, timeZone: string): Date {
  const wall = wallMs(t);
  const DAY = 86_400_000;
  const before = offsetAt(wall - DAY, timeZone);
  const after = offsetAt(wall + DAY, timeZone);
  const candidates = [...new Set([wall - before, wall - after])].sort((a, b) => a - b);
  for (const instant of candidates) if (offsetAt(instant, timeZone) === wall - instant) return new Date(instant);
  // In the gap: read the wall time with the offset in force before it, which lands after the gap.
  return new Date(wall - before);
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** `days` local days after an instant, at the same local time. */
export function addLocalDays(instant: Date, days: number, timeZone: string): Date {
  const t = toLocal(instant, timeZone);
  return fromLocal({ ...t, day: t.day + days }, timeZone);
}

/** The start of slot `k` (k ≥ 0). */
export function slotStart(rule: Pick<SlotRule, 'cadence' | 'startAt' | 'timeZone'>, k: number): Date {
  if (k === 0) return new Date(rule.startAt);
  const t = toLocal(rule.startAt, rule.timeZone);
  if (rule.cadence === 'monthly') {
    const months = t.month - 1 + k;
    const year = t.year + Math.floor(months / 12);
    const month = (months % 12) + 1;
    return fromLocal({ ...t, year, month, day: Math.min(t.day, daysInMonth(year, month)) }, rule.timeZone);
  }
  return fromLocal({ ...t, day: t.day + k * (rule.cadence === 'weekly' ? 7 : 14) }, rule.timeZone);
}

/** When the slot starting at `start` closes. */
export function slotEnd(rule: Pick<SlotRule, 'durationDays' | 'timeZone'>, start: Date): Date {
  return addLocalDays(start, rule.durationDays, rule.timeZone);
}

const APPROX_PERIOD_MS: Record<Cadence, number> = { weekly: 7 * 86_400_000, biweekly: 14 * 86_400_000, monthly: 30.436875 * 86_400_000 };

/** The index of the latest slot starting at or before `now`, or -1 before the series starts. */
export function lastSlotIndex(rule: Pick<SlotRule, 'cadence' | 'startAt' | 'timeZone'>, now: Date): number {
  if (now.getTime() < rule.startAt.getTime()) return -1;
  let k = Math.max(0, Math.floor((now.getTime() - rule.startAt.getTime()) / APPROX_PERIOD_MS[rule.cadence]) - 1);
  while (k > 0 && slotStart(rule, k).getTime() > now.getTime()) k--;
  while (slotStart(rule, k + 1).getTime() <= now.getTime()) k++;
  return k;
}

/**
 * The slot due now: the latest slot started at or before `now` whose window is still open.
 * Missed slots before it are never returned (no backlog of past campaigns).
 */
export function currentSlot(rule: SlotRule, now: Date): { index: number; start: Date; end: Date } | null {
  const index = lastSlotIndex(rule, now);
  if (index < 0) return null;
  const start = slotStart(rule, index);
  const end = slotEnd(rule, start);
  return end.getTime() > now.getTime() ? { index, start, end } : null;
}

/** The first slot starting strictly after `now`. */
export function nextSlot(rule: Pick<SlotRule, 'cadence' | 'startAt' | 'timeZone'>, now: Date): Date {
  return slotStart(rule, lastSlotIndex(rule, now) + 1);
}

/** "2026-03-29": the local calendar date of an instant. */
export function localDate(instant: Date, timeZone: string): string {
  const t = toLocal(instant, timeZone);
  return `${t.year}-${String(t.month).padStart(2, '0')}-${String(t.day).padStart(2, '0')}`;
}
