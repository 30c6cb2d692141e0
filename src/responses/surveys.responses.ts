import { ApiProperty } from '@nestjs/swagger';

export class SurveyCampaignDto {
  @ApiProperty()
  name: string;

  @ApiProperty({ format: 'date-time' })
  closesAt: string;
}

export class SurveyTeamDto {
  @ApiProperty({ description: 'the team the person was invited for, as at launch' })
  name: string;
}

export class SurveyQuestionDto {
  @ApiProperty({ example: 'ps_take_risks' })
  key: string;

  @ApiProperty()
  text: string;

  @ApiProperty({ enum: ['agree7', 'nps11'], description: 'agree7: integers 1–7; nps11: integers 0–10' })
  scale: 'agree7' | 'nps11';
}

export class SurveyDto {
  @ApiProperty({ type: SurveyCampaignDto })
  campaign: SurveyCampaignDto;

  @ApiProperty({ type: SurveyTeamDto })
  team: SurveyTeamDto;

  @ApiProperty({ type: [SurveyQuestionDto], description: 'in the order to ask them' })
  questions: SurveyQuestionDto[];

  @ApiProperty({ description: 'this link has answered; a PUT replaces the answers until close' })
  answered: boolean;

  @ApiProperty({ description: 'whether a `comment` is accepted' })
  allowComments: boolean;

  @ApiProperty({
    type: [String],
    description: 'the other invited people whose answers are combined with this one in the smallest group that can ever be reported, so a member can notice a stranger',
  })
  pooledWith: string[];
}

export class ReceivedDto {
  @ApiProperty({ enum: [true] })
  received: true;
}

export class AcceptedDto {
  @ApiProperty({ enum: [true] })
  accepted: true;
}
