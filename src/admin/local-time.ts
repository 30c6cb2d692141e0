import { fromLocal, toLocal } from '../pulses/pulse-slots';

const LOCAL_INPUT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/;
const pad = (n: number) => String(n).padStart(2, '0');

/** A datetime-local field's value ("2026-12-05T09:00") for an instant, in the organization's timezone. */
export function toLocalInput(instant: Date | string | null, timeZone: string): string {
  if (!instant) return '';
  const t = toLocal(new Date(instant), timeZone);
  return `${t.year}-${pad(t.month)}-${pad(t.day)}T${pad(t.hour)}:${pad(t.minute)}`;
}

/**
 * A datetime-local field's value, read in the organization's timezone, as the ISO date-time the
 * API takes; an empty field is undefined and anything malformed is returned as typed, for the
 * API's validation to name.
 */
export function fromLocalInput(value: string, timeZone: string): string | undefined {
  const trimmed = value.trim();
  if (trimmed === '') return undefined;
  const m = LOCAL_INPUT.exec(trimmed);
  if (!m) return trimmed;
  const [year, month, day, hour, minute] = m.slice(1).map(Number);
  const probe = new Date(Date.UTC(year, month - 1, day));
  if (probe.getUTCMonth() !== month - 1 || hour > 23 || minute > 59) return trimmed;
  return fromLocal({ year, month, day, hour, minute, second: 0, millisecond: 0 }, timeZone).toISOString();
}
