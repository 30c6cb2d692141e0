import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A person who answers surveys through a personal link; never signs in. */
@Entity('members')
export class Member {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'org_id', type: 'uuid' })
  orgId: string;

  @Column({ name: 'team_id', type: 'uuid' })
  teamId: string;

  @Column()
  email: string;

  @Column({ type: 'text', nullable: true })
  name: string | null;

  @Column()
  active: boolean;

  @Column({ name: 'created_at', type: 'timestamptz', insert: false, update: false })
  createdAt: Date;
}
