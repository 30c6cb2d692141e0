import { ApiProperty } from '@nestjs/swagger';
import { CAMPAIGN_STATUSES, type CampaignStatus } from './campaign.entity';
import type { CampaignView } from './campaigns.service';

export class CampaignDto implements CampaignView {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty()
  name: string;

  @ApiProperty({ enum: CAMPAIGN_STATUSES, description: 'draft → scheduled (opensAt ahead) → open → closed → scored' })
  status: CampaignStatus;

  @ApiProperty({ type: [String], format: 'uuid' })
  teamIds: string[];

  @ApiProperty()
  includeSubteams: boolean;

  @ApiProperty({ type: [String] })
  questionKeys: string[];

  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'null: opens at launch' })
  opensAt: string | null;

  @ApiProperty({ format: 'date-time' })
  closesAt: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  closedAt: string | null;

  @ApiProperty({ type: [Number], description: 'reminder rounds, in hours before close' })
  reminders: number[];

  @ApiProperty()
  allowComments: boolean;

  @ApiProperty({ type: 'integer', description: 'invitations made at launch (0 before)' })
  invited: number;

  @ApiProperty({ type: 'integer', nullable: true, description: 'null for a manager while the campaign is open: a live count would time each answer' })
  responded: number | null;

  @ApiProperty({ type: Number, nullable: true, description: '0–100, one decimal; null with nobody invited or when `responded` is withheld' })
  participation: number | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  scoredAt: string | null;

  @ApiProperty({ type: 'integer', description: 'summary emails that failed permanently' })
  reportFailures: number;

  @ApiProperty({ type: String, nullable: true, description: 'why the campaign is stuck, when a background step failed' })
  statusDetail: string | null;
}
