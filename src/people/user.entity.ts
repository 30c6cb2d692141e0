import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { Role } from '../auth/principal';

/** Staff: HR admins and managers. Members (who answer) are not users and never sign in. */
@Entity('users')
export class User {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'org_id', type: 'uuid' })
  orgId: string;

  @Column()
  email: string;

  @Column()
  name: string;

  @Column({ type: 'text' })
  role: Role;

  @Column({ name: 'created_at', type: 'timestamptz', insert: false, update: false })
  createdAt: Date;
}
