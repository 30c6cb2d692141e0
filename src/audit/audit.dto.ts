import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { ListQuery } from '../common/pagination';
import { Optional } from '../common/validators';
import { AUDIT_TYPES, AuditType } from './audit.events';

export class AuditQuery extends ListQuery {
  @ApiPropertyOptional({ enum: AUDIT_TYPES, description: 'only events of this type' })
  @Optional()
  @IsIn(AUDIT_TYPES)
  type?: AuditType;
}

class AuditActorDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() email: string;
}

class AuditSubjectDto {
  @ApiProperty({ example: 'member' }) kind: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) id: string | null;
  @ApiProperty({ description: 'the name or address as it was when the event happened' }) label: string;
}

export class AuditEventDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'date-time' }) at: string;
  @ApiProperty({ type: AuditActorDto, nullable: true, description: 'null when the system acted (a scheduled close, the CLI)' })
  actor: AuditActorDto | null;
  @ApiProperty({ enum: AUDIT_TYPES }) type: AuditType;
  @ApiProperty({ type: AuditSubjectDto }) subject: AuditSubjectDto;
  @ApiPropertyOptional({ type: 'object', additionalProperties: true }) detail?: Record<string, unknown>;
}

export class AuditEventPageDto {
  @ApiProperty({ type: [AuditEventDto] }) items: AuditEventDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}
