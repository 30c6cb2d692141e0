import type { Role } from '../people/user.entity';

/** Who is calling: every query a request makes is scoped by `orgId`. */
export interface Principal {
  userId: string;
  orgId: string;
  role: Role;
  email: string;
  name: string;
}
