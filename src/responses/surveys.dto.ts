import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsInt, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import { normalizeEmail } from '../common/validators';

export class AnswerDto {
  @ApiProperty({ example: 'ps_take_risks' })
  @IsString()
  @MaxLength(100)
  questionKey: string;

  @ApiProperty({ description: '1–7 for agreement items, 0–10 for recommend' })
  @IsInt()
  value: number;
}

export class SubmitResponseDto {
  @ApiProperty({ type: [AnswerDto] })
  @IsArray()
  @ArrayMinSize(1, { message: 'answer at least one question' })
  @ArrayMaxSize(25)
  @ValidateNested({ each: true })
  @Type(() => AnswerDto)
  answers: AnswerDto[];

  @ApiPropertyOptional({ maxLength: 2000 })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  comment?: string;
}

/** Any address gets the same 202: even a malformed one must not be told apart. */
export class ResendDto {
  @ApiProperty()
  @Transform(({ value }) => normalizeEmail(value))
  @IsString()
  @MaxLength(254)
  email: string;
}
