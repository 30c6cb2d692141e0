export const ROLES = ['hr_admin', 'manager'] as const;
export type Role = (typeof ROLES)[number];

/** Who is calling: every query a request makes is scoped by `orgId`. */
export interface Principal {
  userId: string;
  orgId: string;
  role: Role;
  email: string;
  name: string;
}
