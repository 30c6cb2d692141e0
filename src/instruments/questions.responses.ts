import { ApiProperty } from '@nestjs/swagger';
import { DIMENSIONS } from './dimensions';
import { FOLLOW_THROUGH_KEY, type Question } from './questions.service';

export class QuestionDto implements Question {
  @ApiProperty({ example: 'ps_take_risks' })
  key: string;

  @ApiProperty({ enum: [...DIMENSIONS, 'enps', FOLLOW_THROUGH_KEY], description: '`enps` for the `recommend` item; `follow_through` for the item of that name, in no dimension' })
  dimension: Question['dimension'];

  @ApiProperty()
  text: string;

  @ApiProperty({ enum: ['agree7', 'nps11'], description: 'agree7: 1–7 agreement; nps11: 0–10' })
  scale: Question['scale'];

  @ApiProperty({ description: 'reverse-keyed: scored 8 − value' })
  reverse: boolean;
}
