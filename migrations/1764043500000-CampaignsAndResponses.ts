import { MigrationInterface, QueryRunner } from 'typeorm';

/** The question bank, held literally: Rapport's own wording. */
const QUESTIONS: Array<[key: string, dimension: string, text: string, scale: string, reverse: boolean]> = [
  ['ps_mistakes_held', 'psychological_safety', 'If I make a mistake on this team, it is often held against me.', 'agree7', true],
  ['ps_raise_problems', 'psychological_safety', 'People on this team can bring up problems and tough issues.', 'agree7', false],
  ['ps_rejected_different', 'psychological_safety', 'People on this team sometimes reject others for being different.', 'agree7', true],
  ['ps_take_risks', 'psychological_safety', 'It is safe to take a risk on this team.', 'agree7', false],
  ['ps_hard_to_ask', 'psychological_safety', 'It is difficult to ask other members of this team for help.', 'agree7', true],
  ['ps_no_undermining', 'psychological_safety', 'No one on this team would deliberately act in a way that undermines my efforts.', 'agree7', false],
  ['ps_skills_valued', 'psychological_safety', 'Working with members of this team, my unique skills and talents are valued and used.', 'agree7', false],
  ['trust_follow_through', 'trust', 'When teammates say they will do something, they follow through.', 'agree7', false],
  ['trust_good_intent', 'trust', 'I can count on my teammates to assume good intent when we disagree.', 'agree7', false],
  ['trust_share_openly', 'trust', 'People here share information openly rather than keeping it to themselves.', 'agree7', false],
  ['trust_manager_back', 'trust', 'I trust my manager to have my back when things go wrong.', 'agree7', false],
  ['trust_honest_manager', 'trust', 'I can be honest with my manager about how work is really going.', 'agree7', false],
  ['learn_honest_feedback', 'learning', 'I get honest feedback from teammates that helps me grow.', 'agree7', false],
  ['learn_blind_spots', 'learning', 'Teammates help me see blind spots in my work.', 'agree7', false],
  ['learn_first_impressions', 'learning', 'On this team we revisit first impressions of each other when we learn more.', 'agree7', false],
  ['learn_from_each_other', 'learning', 'I regularly learn something new from the people I work with.', 'agree7', false],
  ['repair_conflict_resolved', 'repair', 'When there is friction on this team, we work through it rather than avoid it.', 'agree7', false],
  ['repair_own_missteps', 'repair', 'People here own their missteps and make things right.', 'agree7', false],
  ['repair_support_hard_times', 'repair', 'When someone is having a hard time, teammates offer support.', 'agree7', false],
  ['repair_move_on', 'repair', 'After a disagreement, we are able to move on without lingering resentment.', 'agree7', false],
  ['cocreate_build_on_ideas', 'co_creation', "Teammates build on each other's ideas instead of shooting them down.", 'agree7', false],
  ['cocreate_shared_purpose', 'co_creation', 'We share a clear sense of what we are building together.', 'agree7', false],
  ['cocreate_ownership', 'co_creation', 'I feel ownership of what our team creates, not just my own part.', 'agree7', false],
  ['cocreate_better_together', 'co_creation', 'Our best work comes from combining what each of us brings.', 'agree7', false],
  ['recommend', 'enps', 'How likely are you to recommend this team to a friend as a place to work?', 'nps11', false],
];

/**
 * Campaigns, invitations, and the two phases of answers (DESIGN.md §4).
 * Open phase: campaign_keys, open_tokens, open_responses and open_answers are partitioned by
 * campaign; each campaign gets its own partitions at launch and they are DROPPED at close,
 * which unlinks their files, so no dead tuple, index entry or insertion order survives.
 * Closed phase: responses/answers/campaign_comments carry no token, no time and nothing
 * pointing back to an invitation.
 */
export class CampaignsAndResponses1764043500000 implements MigrationInterface {
  name = 'CampaignsAndResponses1764043500000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE questions (
        key text PRIMARY KEY,
        dimension text NOT NULL,
        text text NOT NULL,
        scale text NOT NULL CHECK (scale IN ('agree7', 'nps11')),
        reverse boolean NOT NULL DEFAULT false,
        position integer NOT NULL UNIQUE
      )`);
    const values = QUESTIONS.map((_, i) => `($${i * 5 + 1}, $${i * 5 + 2}, $${i * 5 + 3}, $${i * 5 + 4}, $${i * 5 + 5}, ${i + 1})`);
    await q.query(`INSERT INTO questions (key, dimension, text, scale, reverse, position) VALUES ${values.join(', ')}`, QUESTIONS.flat());

    await q.query(`
      CREATE TABLE campaigns (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        org_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'scheduled', 'open', 'closed', 'scored')),
        team_ids uuid[] NOT NULL,
        include_subteams boolean NOT NULL DEFAULT true,
        question_keys text[] NOT NULL,
        opens_at timestamptz,
        closes_at timestamptz NOT NULL,
        reminder_hours integer[] NOT NULL DEFAULT '{48}',
        allow_comments boolean NOT NULL DEFAULT true,
        launched_at timestamptz,
        opened_at timestamptz,
        closed_at timestamptz,
        scored_at timestamptz,
        reported_at timestamptz,
        threshold integer,
        team_tree jsonb,
        invited integer NOT NULL DEFAULT 0,
        responded integer NOT NULL DEFAULT 0,
        status_detail text,
        series_id uuid,
        slot_start timestamptz,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        UNIQUE (org_id, id),
        UNIQUE (series_id, slot_start)
      )`);
    await q.query(`CREATE INDEX campaigns_due_idx ON campaigns (status, opens_at, closes_at) WHERE status IN ('scheduled', 'open', 'closed')`);

    await q.query(`
      CREATE TABLE invitations (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        org_id uuid NOT NULL,
        campaign_id uuid NOT NULL,
        member_id uuid NOT NULL,
        team_id uuid NOT NULL,
        UNIQUE (campaign_id, member_id),
        FOREIGN KEY (org_id, campaign_id) REFERENCES campaigns (org_id, id) ON DELETE CASCADE,
        FOREIGN KEY (org_id, member_id) REFERENCES members (org_id, id)
      )`);
    await q.query(`CREATE INDEX invitations_member_idx ON invitations (member_id)`);

    await q.query(`
      CREATE TABLE campaign_reminders (
        campaign_id uuid NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
        round integer NOT NULL,
        due_at timestamptz NOT NULL,
        sent_at timestamptz,
        PRIMARY KEY (campaign_id, round)
      )`);

    // Open phase: one partition per campaign, created at launch, dropped at close.
    await q.query(`
      CREATE TABLE campaign_keys (campaign_id uuid PRIMARY KEY, sealed_key bytea NOT NULL) PARTITION BY LIST (campaign_id)`);
    await q.query(`
      CREATE TABLE open_tokens (
        campaign_id uuid NOT NULL,
        token_hash bytea NOT NULL,
        invitation_id uuid NOT NULL,
        team_id uuid NOT NULL,
        PRIMARY KEY (campaign_id, token_hash)
      ) PARTITION BY LIST (campaign_id)`);
    await q.query(`
      CREATE TABLE open_responses (
        campaign_id uuid NOT NULL,
        invitation_id uuid NOT NULL,
        team_id uuid NOT NULL,
        comment text,
        PRIMARY KEY (campaign_id, invitation_id)
      ) PARTITION BY LIST (campaign_id)`);
    await q.query(`
      CREATE TABLE open_answers (
        campaign_id uuid NOT NULL,
        invitation_id uuid NOT NULL,
        question_key text NOT NULL,
        value smallint NOT NULL,
        PRIMARY KEY (campaign_id, invitation_id, question_key)
      ) PARTITION BY LIST (campaign_id)`);

    // Closed phase: nothing here points back to a person, a token or a moment.
    await q.query(`
      CREATE TABLE responses (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        org_id uuid NOT NULL,
        campaign_id uuid NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
        team_id uuid NOT NULL
      )`);
    await q.query(`CREATE INDEX responses_campaign_idx ON responses (campaign_id, team_id)`);
    await q.query(`
      CREATE TABLE answers (
        response_id uuid NOT NULL REFERENCES responses (id) ON DELETE CASCADE,
        question_key text NOT NULL,
        value smallint NOT NULL,
        PRIMARY KEY (response_id, question_key)
      )`);
    await q.query(`
      CREATE TABLE campaign_comments (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        org_id uuid NOT NULL,
        campaign_id uuid NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
        team_id uuid NOT NULL,
        body text NOT NULL
      )`);
    await q.query(`CREATE INDEX campaign_comments_campaign_idx ON campaign_comments (campaign_id, team_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE campaign_comments, answers, responses, open_answers, open_responses, open_tokens, campaign_keys,
      campaign_reminders, invitations, campaigns, questions`);
  }
}
