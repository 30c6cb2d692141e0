import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export const CAMPAIGN_STATUSES = ['draft', 'scheduled', 'open', 'closed', 'scored'] as const;
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];

export interface FrozenTeam {
  id: string;
  parentId: string | null;
  name: string;
}

@Entity('campaigns')
export class Campaign {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'org_id', type: 'uuid' })
  orgId: string;

  @Column()
  name: string;

  @Column({ type: 'text' })
  status: CampaignStatus;

  @Column({ name: 'team_ids', type: 'uuid', array: true })
  teamIds: string[];

  @Column({ name: 'include_subteams' })
  includeSubteams: boolean;

  @Column({ name: 'question_keys', type: 'text', array: true })
  questionKeys: string[];

  @Column({ name: 'opens_at', type: 'timestamptz', nullable: true })
  opensAt: Date | null;

  @Column({ name: 'closes_at', type: 'timestamptz' })
  closesAt: Date;

  @Column({ name: 'reminder_hours', type: 'int', array: true })
  reminderHours: number[];

  @Column({ name: 'allow_comments' })
  allowComments: boolean;

  @Column({ name: 'launched_at', type: 'timestamptz', nullable: true })
  launchedAt: Date | null;

  @Column({ name: 'opened_at', type: 'timestamptz', nullable: true })
  openedAt: Date | null;

  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true })
  closedAt: Date | null;

  @Column({ name: 'scored_at', type: 'timestamptz', nullable: true })
  scoredAt: Date | null;

  @Column({ name: 'reported_at', type: 'timestamptz', nullable: true })
  reportedAt: Date | null;

  @Column({ type: 'int', nullable: true })
  threshold: number | null;

  @Column({ name: 'team_tree', type: 'jsonb', nullable: true })
  teamTree: FrozenTeam[] | null;

  @Column({ type: 'int' })
  invited: number;

  @Column({ type: 'int' })
  responded: number;

  @Column({ name: 'status_detail', type: 'text', nullable: true })
  statusDetail: string | null;

  @Column({ name: 'series_id', type: 'uuid', nullable: true })
  seriesId: string | null;

  @Column({ name: 'slot_start', type: 'timestamptz', nullable: true })
  slotStart: Date | null;

  @Column({ name: 'created_at', type: 'timestamptz', insert: false, update: false })
  createdAt: Date;
}
