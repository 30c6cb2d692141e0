import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsUUID } from 'class-validator';

export class TeamResultsQuery {
  @ApiPropertyOptional({ format: 'uuid', description: 'a scored campaign that included the team; default: the latest one' })
  @IsOptional()
  @IsUUID()
  campaignId?: string;
}
