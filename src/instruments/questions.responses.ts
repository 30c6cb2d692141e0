import { ApiProperty } from '@nestjs/swagger';
import { DIMENSIONS } from './dimensions';
import type { Question } from './questions.service';

export class QuestionDto implements Question {
  @ApiProperty({ example: 'ps_take_risks' })
  key: string;

  @ApiProperty({ enum: [...DIMENSIONS, 'enps'], description: '`enps` for the `recommend` item' })
  dimension: Question['dimension'];

  @ApiProperty()
  text: string;

  @ApiProperty({ enum: ['agree7', 'nps11'], description: 'agree7: 1–7 agreement; nps11: 0–10' })
  scale: Question['scale'];

  @ApiProperty({ description: 'reverse-keyed: scored 8 − value' })
  reverse: boolean;
}
