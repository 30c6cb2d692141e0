import { EntityManager } from 'typeorm';
import { ValidationFailedError } from '../common/errors';

/** "ana@sales.example.com" → "sales.example.com". */
export const domainOf = (email: string) => email.slice(email.lastIndexOf('@') + 1).toLowerCase();

/** An address is allowed when the list is empty or its domain is one of them exactly. */
export function isEmailAllowed(email: string, domains: readonly string[]): boolean {
  return domains.length === 0 || domains.includes(domainOf(email));
}

export async function allowedEmailDomains(manager: EntityManager, orgId: string): Promise<string[]> {
  const [row] = await manager.query<{ domains: string[] | null }[]>(`SELECT allowed_email_domains AS domains FROM organizations WHERE id = $1`, [orgId]);
  return row?.domains ?? [];
}

/**
 * Refuses (422) an address outside the organization's allowed domains: HR cannot plant an
 * audience of addresses it controls elsewhere (DESIGN §4 item 9).
 */
export async function assertEmailAllowed(manager: EntityManager, orgId: string, email: string, field = 'email'): Promise<void> {
  const domains = await allowedEmailDomains(manager, orgId);
  if (!isEmailAllowed(email, domains)) {
    throw new ValidationFailedError([{ field, message: `${email} is outside the organization's allowed email domains (${domains.join(', ')})` }]);
  }
}
