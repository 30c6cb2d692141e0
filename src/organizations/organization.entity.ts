import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity('organizations')
export class Organization {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column()
  name: string;

  @Column({ name: 'anonymity_threshold', type: 'int' })
  anonymityThreshold: number;

  @Column()
  timezone: string;

  /** Member and user addresses must be in one of these domains; empty means any domain. */
  @Column({ name: 'allowed_email_domains', type: 'text', array: true })
  allowedEmailDomains: string[];

  @Column({ name: 'created_at', type: 'timestamptz', insert: false, update: false })
  createdAt: Date;
}
