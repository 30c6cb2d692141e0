import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsDate, IsUUID, Matches, registerDecorator, ValidateIf, ValidationOptions } from 'class-validator';

export function isTimeZone(value: unknown): value is string {
  if (typeof value !== 'string' || value.length === 0 || value.length > 64) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value });
    return value.includes('/') || value === 'UTC';
  } catch {
    return false;
  }
}

/** An IANA time zone name such as "Europe/Paris" or "UTC". */
export function IsTimeZone(options?: ValidationOptions) {
  return (object: object, propertyName: string) =>
    registerDecorator({
      name: 'isTimeZone',
      target: object.constructor,
      propertyName,
      options: { message: `${propertyName} must be an IANA time zone such as "Europe/Paris"`, ...options },
      validator: { validate: isTimeZone },
    });
}

/** Emails are compared case-insensitively; we store them lower-cased and trimmed. */
export function normalizeEmail(value: unknown): unknown {
  return typeof value === 'string' ? value.trim().toLowerCase() : value;
}

export function trimString(value: unknown): unknown {
  return typeof value === 'string' ? value.trim() : value;
}

/** A date-time with an explicit offset; a bare date or a local time is ambiguous and refused. */
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$/;

/** The calendar date exists (JavaScript would roll 2027-02-30 over into March). */
function realDate(value: string): boolean {
  const [y, m, d] = value.slice(0, 10).split('-').map(Number);
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/** Parses an ISO 8601 date-time with an offset into a Date; anything else fails validation (422). */
export function IsDateTimeWithOffset(): PropertyDecorator {
  return applyDecorators(
    Transform(({ value }: { value: unknown }) =>
      typeof value === 'string' && DATE_TIME.test(value) && realDate(value) && !Number.isNaN(Date.parse(value)) ? new Date(value) : value,
    ),
    IsDate({ message: '$property must be an ISO 8601 date-time with an offset, e.g. 2026-05-01T09:00:00+02:00' }),
  );
}

/** A non-empty list of distinct team ids. */
export function IsTeamIds(): PropertyDecorator {
  return applyDecorators(IsArray(), ArrayMinSize(1), ArrayMaxSize(500), ArrayUnique(), IsUUID(undefined, { each: true }));
}

/**
 * An optional field that may be left out but not sent as null: class-validator's IsOptional
 * lets null through, and a null would reach a NOT NULL column.
 */
export function Optional(): PropertyDecorator {
  return ValidateIf((_, value) => value !== undefined);
}

/** A calendar date written YYYY-MM-DD that exists (2027-02-30 does not); kept as that string. */
export function isCalendarDate(value: unknown): value is string {
  return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) && realDate(value);
}

export function IsCalendarDate(options?: ValidationOptions) {
  return (object: object, propertyName: string) =>
    registerDecorator({
      name: 'isCalendarDate',
      target: object.constructor,
      propertyName,
      options: { message: `${propertyName} must be a date written YYYY-MM-DD, e.g. 2026-05-01`, ...options },
      validator: { validate: isCalendarDate },
    });
}

/**
 * A name shown in mail subjects and plain-text parts: a CR or LF in it would inject lines
 * (a fake header or link), so names are single lines.
 */
export function IsSingleLine(): PropertyDecorator {
  return Matches(/^[^\r\n]*$/, { message: '$property must be a single line (no line breaks)' });
}
