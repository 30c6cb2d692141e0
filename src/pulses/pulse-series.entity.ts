import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { Cadence } from './pulse-slots';

@Entity('pulse_series')
export class PulseSeries {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'org_id', type: 'uuid' })
  orgId: string;

  @Column()
  name: string;

  @Column({ name: 'team_ids', type: 'uuid', array: true })
  teamIds: string[];

  @Column({ type: 'text' })
  cadence: Cadence;

  @Column({ name: 'items_per_pulse', type: 'int' })
  itemsPerPulse: number;

  @Column({ name: 'duration_days', type: 'int' })
  durationDays: number;

  @Column({ name: 'start_at', type: 'timestamptz' })
  startAt: Date;

  @Column({ name: 'paused_at', type: 'timestamptz', nullable: true })
  pausedAt: Date | null;

  @Column({ name: 'deleted_at', type: 'timestamptz', nullable: true })
  deletedAt: Date | null;

  @Column({ name: 'created_at', type: 'timestamptz', insert: false, update: false })
  createdAt: Date;
}
