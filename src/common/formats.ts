/** Identifier and address shapes checked in more than one place; one definition each. */

/** A uuid as PostgreSQL prints it (lower case); ids the app hands out always have this form. */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}

/** Deliberately loose (something@domain.tld): the real check is whether mail arrives. */
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** 254 characters is the longest address SMTP can carry (RFC 5321). */
export function isEmailAddress(value: string): boolean {
  return value.length <= 254 && EMAIL.test(value);
}
