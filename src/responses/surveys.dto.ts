import { ApiProperty } from '@nestjs/swagger';
import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { Transform } from 'class-transformer';
import { IsString, MaxLength } from 'class-validator';
import { normalizeEmail } from '../common/validators';

export interface Answer {
  questionKey: string;
  value: number;
}

export interface SubmitResponse {
  answers: Answer[];
  comment?: string;
}

export const COMMENT_MAX_LENGTH = 2000;

/**
 * The answer body as a JSON schema, compiled once by Fastify's validator for the answering
 * routes: the hottest route in the product, where class-transformer and class-validator on 24
 * nested objects cost more than the database. Keys and ranges against the campaign's own
 * questions are checked by SurveysService.
 */
export const SUBMIT_RESPONSE_SCHEMA: SchemaObject = {
  type: 'object',
  additionalProperties: false,
  required: ['answers'],
  properties: {
    answers: {
      type: 'array',
      minItems: 1,
      maxItems: 25,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['questionKey', 'value'],
        properties: {
          questionKey: { type: 'string', maxLength: 100, description: 'e.g. ps_take_risks' },
          value: { type: 'integer', description: '1–7 for agreement items, 0–10 for recommend' },
        },
      },
    },
    comment: { type: 'string', maxLength: COMMENT_MAX_LENGTH },
  },
};

/** Any address gets the same 202: even a malformed one must not be told apart. */
export class ResendDto {
  @ApiProperty({ maxLength: 254, description: 'any text is accepted and answered alike' })
  @Transform(({ value }) => normalizeEmail(value))
  @IsString()
  @MaxLength(254)
  email: string;
}
