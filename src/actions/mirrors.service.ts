import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Principal } from '../auth/principal';
import { ConflictError, FieldError, GoneError, NotFoundError, ValidationFailedError } from '../common/errors';
import { inTransaction } from '../database/transaction';
import { TeamsService } from '../people/teams.service';
import { MirrorItem, scoreMirror } from '../results/mirror';
import { mirrorItems } from '../results/team-loop';
import { MirrorAnswerDto, MirrorDto, MirrorResponse } from './actions.dto';
import { campaignForTeam, requireActingOn } from './team-access';

export interface OwnMirror {
  items: MirrorItem[];
  answers: Record<string, number>;
  updatedAt: string | null;
}

/**
 * The manager's mirror (DESIGN.md §5, §7): while a campaign is open, a team's manager answers
 * its items as they expect the team to. It lives in `mirrors`, apart from responses: scoring
 * never reads it, and it is shown only beside that team's results, to the people who may act
 * on them. One mirror per person, campaign and team; a second PUT replaces the first.
 */
@Injectable()
export class MirrorsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly teams: TeamsService,
  ) {}

  async record(principal: Principal, campaignId: string, teamId: string, input: MirrorDto): Promise<MirrorResponse> {
    await requireActingOn(this.db.manager, this.teams, principal, teamId);
    return inTransaction(this.db, async ({ manager }) => {
      // FOR SHARE: a close waits for this write, or this write sees the campaign closed.
      const campaign = await campaignForTeam(manager, principal.orgId, campaignId, teamId, true);
      if (!campaign) throw new NotFoundError('campaign');
      if (campaign.status === 'closed' || campaign.status === 'scored') throw new GoneError('The campaign has closed; a mirror is recorded only while it is open.');
      if (campaign.status !== 'open') throw new ConflictError(`The campaign is ${campaign.status}; a mirror is recorded while it is open.`);
      const items = await mirrorItems(manager, campaignId);
      const answers = checkAnswers(input.answers, items);
      const [row]: Array<{ updated_at: Date }> = await manager.query(
        `INSERT INTO mirrors (org_id, campaign_id, team_id, user_id, answers) VALUES ($1, $2, $3, $4, $5::jsonb)
         ON CONFLICT (campaign_id, team_id, user_id) DO UPDATE SET answers = EXCLUDED.answers, updated_at = now()
         RETURNING updated_at`,
        [principal.orgId, campaignId, teamId, principal.userId, JSON.stringify(answers)],
      );
      return {
        campaignId,
        teamId,
        answers: items.filter((q) => q.key in answers).map((q) => ({ questionKey: q.key, value: answers[q.key] })),
        expectation: scoreMirror(answers, items),
        updatedAt: new Date(row.updated_at).toISOString(),
      };
    });
  }

  /** The caller's own mirror of an open campaign for the form: the items to answer and what they answered so far. */
  async own(principal: Principal, campaignId: string, teamId: string): Promise<OwnMirror> {
    const [row]: Array<{ answers: Record<string, number>; updated_at: Date }> = await this.db.query(
      `SELECT answers, updated_at FROM mirrors WHERE org_id = $1 AND campaign_id = $2 AND team_id = $3 AND user_id = $4`,
      [principal.orgId, campaignId, teamId, principal.userId],
    );
    return { items: await mirrorItems(this.db.manager, campaignId), answers: row?.answers ?? {}, updatedAt: row ? new Date(row.updated_at).toISOString() : null };
  }
}

/** Each of the campaign's dimension items at most once, each value 1–7. */
export function checkAnswers(answers: MirrorAnswerDto[], items: MirrorItem[]): Record<string, number> {
  const asked = new Set(items.map((q) => q.key));
  const errors: FieldError[] = [];
  const out: Record<string, number> = {};
  answers.forEach((a, i) => {
    if (!asked.has(a.questionKey)) errors.push({ field: `answers.${i}.questionKey`, message: `"${a.questionKey}" is not one of this survey’s items` });
    else if (a.questionKey in out) errors.push({ field: `answers.${i}.questionKey`, message: `"${a.questionKey}" is answered twice` });
    if (a.value < 1 || a.value > 7) errors.push({ field: `answers.${i}.value`, message: 'value must be between 1 and 7' });
    out[a.questionKey] = a.value;
  });
  if (errors.length > 0) throw new ValidationFailedError(errors);
  return out;
}
