import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { RapportConfig } from '../config/config';
import { CONFIG } from '../config/config.module';
import { ResultsService } from '../results/results.service';
import { DIMENSIONS } from '../instruments/dimensions';
import { TeamResultsView } from '../results/results.views';
import { QuestionsService } from '../instruments/questions.service';
import { MailTemplates, OutboxRow, RenderedMail } from '../mail/mail-templates.service';
import { TeamsService } from '../people/teams.service';
import { buildHrSummary, renderHrSummary } from './hr-summary.template';
import { buildManagerReport, renderManagerReport, sectionTeamIds } from './manager-report.template';

interface ReportFacts {
  user_name: string;
  role: string;
  org_id: string;
  org_name: string;
  status: string;
  asked: string[];
}

/**
 * Renders the report emails at send time from the stored results (ResultsService, the same
 * views the dashboards read), so a mail always agrees with the dashboard. The outbox row
 * holds only { campaignId, userId }.
 */
@Injectable()
export class ReportMailTemplates implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(CONFIG) private readonly config: RapportConfig,
    private readonly templates: MailTemplates,
    private readonly results: ResultsService,
    private readonly teams: TeamsService,
    private readonly questions: QuestionsService,
  ) {}

  onModuleInit(): void {
    this.templates.register('report_manager', (row) => this.renderManager(row));
    this.templates.register('report_hr', (row) => this.renderHr(row));
  }

  private async facts(row: OutboxRow): Promise<ReportFacts | null> {
    const [facts]: ReportFacts[] = await this.db.query(
      `SELECT u.name AS user_name, u.role, o.id AS org_id, o.name AS org_name, c.status,
              ARRAY(SELECT DISTINCT q.dimension FROM questions q WHERE q.key = ANY(c.question_keys)) AS asked
         FROM users u JOIN organizations o ON o.id = u.org_id JOIN campaigns c ON c.org_id = u.org_id AND c.id = $2
        WHERE u.id = $1 AND u.org_id = $3`,
      [String(row.payload.userId), String(row.payload.campaignId), row.orgId],
    );
    return facts ?? null;
  }

  async renderManager(row: OutboxRow): Promise<RenderedMail | { obsolete: string }> {
    const facts = await this.facts(row);
    if (!facts) return { obsolete: 'the recipient or the campaign no longer exists' };
    if (facts.status !== 'scored') return { obsolete: `the campaign is ${facts.status}` };
    const campaignId = String(row.payload.campaignId);
    const userId = String(row.payload.userId);
    const visible = await this.teams.visibleTeamIds({ userId, orgId: facts.org_id, role: 'manager', email: row.recipient, name: facts.user_name });
    const results = await this.results.loadCampaignResults(facts.org_id, campaignId, { visibleTeamIds: visible ?? new Set() });
    const managed: Array<{ team_id: string }> = await this.db.query(`SELECT team_id FROM team_managers WHERE user_id = $1 AND org_id = $2`, [userId, facts.org_id]);
    const ids = sectionTeamIds(results, new Set(managed.map((m) => m.team_id)));
    const teams = (await Promise.all(ids.map((id) => this.results.loadTeamResults(facts.org_id, id, campaignId)))).filter(
      (t): t is TeamResultsView => t !== null,
    );
    if (teams.length === 0) return { obsolete: 'the recipient no longer manages a team of this campaign' };
    const questions = new Map((await this.questions.all()).map((q) => [q.key, { text: q.text, reverse: q.reverse }]));
    return renderManagerReport(
      buildManagerReport({ recipientName: facts.user_name, orgName: facts.org_name, publicUrl: this.config.publicUrl, results, teams, questions }),
    );
  }

  async renderHr(row: OutboxRow): Promise<RenderedMail | { obsolete: string }> {
    const facts = await this.facts(row);
    if (!facts) return { obsolete: 'the recipient or the campaign no longer exists' };
    if (facts.status !== 'scored') return { obsolete: `the campaign is ${facts.status}` };
    if (facts.role !== 'hr_admin') return { obsolete: 'the recipient is no longer an HR admin' };
    const results = await this.results.loadCampaignResults(facts.org_id, String(row.payload.campaignId), { visibleTeamIds: null });
    const asked = DIMENSIONS.filter((d) => facts.asked.includes(d));
    return renderHrSummary(buildHrSummary({ recipientName: facts.user_name, orgName: facts.org_name, publicUrl: this.config.publicUrl, results, askedDimensions: asked }));
  }
}
