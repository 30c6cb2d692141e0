import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { parse } from 'csv-parse/sync';
import { DataSource, EntityManager } from 'typeorm';
import { ConflictError, DomainError, isUniqueViolation, ValidationFailedError } from '../common/errors';
import { recordAudit } from '../audit/audit.events';
import { Principal } from '../auth/principal';
import { inTransaction } from '../database/transaction';
import { allowedEmailDomains } from './email-domains';
import { ExistingState, ImportPlan, ImportRow, planImport } from './members-import.plan';
import { lockOrganizationTree } from './teams.service';

const COLUMNS = ['email', 'name', 'team', 'parent_team', 'manager_email'] as const;
const REQUIRED = ['email', 'team'];

export interface ImportResult {
  created: number;
  updated: number;
  deactivated: number;
  teamsCreated: number;
  errors: Array<{ line: number; message: string }>;
  /** What would change, by name, for the console's preview (the API answers only the counts). */
  changes: {
    newTeams: Array<{ name: string; parent: string | null }>;
    newMembers: Array<{ email: string; team: string }>;
    updatedMembers: Array<{ email: string; team: string }>;
  };
}

/** Reads the CSV into rows; a file whose header is wrong is refused as a whole (422). */
export function readImportFile(csv: string): { rows: ImportRow[]; errors: ImportResult['errors'] } {
  let records: Array<{ record: string[]; info: { lines: number } }>;
  try {
    records = parse(csv, { bom: true, info: true, skip_empty_lines: true, relax_column_count: true }) as unknown as typeof records;
  } catch (error) {
    const line = (error as { lines?: number }).lines ?? 1;
    return { rows: [], errors: [{ line, message: `the file is not valid CSV: ${(error as Error).message}` }] };
  }
  if (records.length === 0) throw new ValidationFailedError([{ field: 'body', message: 'the file is empty; it needs a header line' }]);
  const header = records[0].record.map((h) => h.trim().toLowerCase());
  const unknown = header.filter((h) => !(COLUMNS as readonly string[]).includes(h));
  const missing = REQUIRED.filter((h) => !header.includes(h));
  if (unknown.length > 0 || missing.length > 0 || new Set(header).size !== header.length) {
    throw new ValidationFailedError([
      { field: 'header', message: `the header must be ${COLUMNS.join(',')} (email and team required, each once); got ${header.join(',')}` },
    ]);
  }
  const errors: ImportResult['errors'] = [];
  const rows: ImportRow[] = [];
  for (const { record, info } of records.slice(1)) {
    if (record.length !== header.length) {
      errors.push({ line: info.lines, message: `expected ${header.length} fields, found ${record.length}` });
      continue;
    }
    const get = (column: string) => (header.includes(column) ? record[header.indexOf(column)] : '');
    rows.push({
      line: info.lines,
      email: get('email'),
      name: get('name'),
      team: get('team'),
      parentTeam: get('parent_team'),
      managerEmail: get('manager_email'),
    });
  }
  return { rows, errors };
}

@Injectable()
export class MembersImportService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** All or nothing: any error in any line means nothing is written. */
  async import(actor: Principal, csv: string, dryRun: boolean): Promise<ImportResult> {
    const orgId = actor.orgId;
    const file = readImportFile(csv);
    try {
      return await inTransaction(this.db, async ({ manager }) => {
        await lockOrganizationTree(manager, orgId);
        const state = await this.loadState(manager, orgId);
        const plan = planImport(file.rows, state);
        const errors = [...file.errors, ...plan.errors].sort((a, b) => a.line - b.line);
        const none = { newTeams: [], newMembers: [], updatedMembers: [] };
        if (errors.length > 0) return { created: 0, updated: 0, deactivated: 0, teamsCreated: 0, errors, changes: none };
        const result = {
          created: plan.newMembers.length,
          updated: plan.updatedMembers.length,
          deactivated: 0,
          teamsCreated: plan.newTeams.length,
          errors: [],
          changes: describeChanges(plan, state),
        };
        if (!dryRun && (result.created || result.updated || result.teamsCreated || plan.newManagerLinks.length)) {
          await this.apply(manager, orgId, plan);
          await recordAudit(manager, {
            orgId,
            actor,
            type: 'member.imported',
            subject: { kind: 'import', id: null, label: `${result.created} added, ${result.updated} updated, ${result.teamsCreated} teams created` },
            detail: { added: result.changes.newMembers.map((m) => m.email), updated: result.changes.updatedMembers.map((m) => m.email) },
          });
        }
        return result;
      });
    } catch (error) {
      if (error instanceof DomainError) throw error;
      if (isUniqueViolation(error)) throw new ConflictError('Members or teams changed while importing; run the import again.');
      throw error;
    }
  }

  private async loadState(manager: EntityManager, orgId: string): Promise<ExistingState> {
    // One after the other: a transaction is one connection, and pg refuses (from v9) to queue
    // concurrent queries on a client; Promise.all bought nothing here anyway.
    const teams = await manager.query<ExistingState['teams']>(`SELECT id, name, parent_id AS "parentId" FROM teams WHERE org_id = $1 AND archived_at IS NULL`, [orgId]);
    const users = await manager.query<ExistingState['users']>(`SELECT id, email FROM users WHERE org_id = $1`, [orgId]);
    const members = await manager.query<ExistingState['members']>(`SELECT id, email, name, team_id AS "teamId" FROM members WHERE org_id = $1 AND active`, [orgId]);
    const managerLinks = await manager.query<ExistingState['managerLinks']>(`SELECT team_id AS "teamId", user_id AS "userId" FROM team_managers WHERE org_id = $1`, [orgId]);
    return { teams, users, members, managerLinks, allowedEmailDomains: await allowedEmailDomains(manager, orgId) };
  }

  /** Multi-row writes: one statement per kind of change, whatever the file's size. */
  private async apply(manager: EntityManager, orgId: string, plan: ImportPlan): Promise<void> {
    if (plan.newTeams.length > 0) {
      await manager.query(
        `INSERT INTO teams (id, org_id, name, parent_id) SELECT t.id, $1, t.name, t.parent_id
           FROM unnest($2::uuid[], $3::text[], $4::uuid[]) AS t (id, name, parent_id)`,
        [orgId, plan.newTeams.map((t) => t.id), plan.newTeams.map((t) => t.name), plan.newTeams.map((t) => t.parentId)],
      );
    }
    if (plan.newManagerLinks.length > 0) {
      await manager.query(
        `INSERT INTO team_managers (org_id, team_id, user_id) SELECT $1, l.team_id, l.user_id
           FROM unnest($2::uuid[], $3::uuid[]) AS l (team_id, user_id)`,
        [orgId, plan.newManagerLinks.map((l) => l.teamId), plan.newManagerLinks.map((l) => l.userId)],
      );
    }
    if (plan.newMembers.length > 0) {
      await manager.query(
        `INSERT INTO members (org_id, email, name, team_id) SELECT $1, m.email, m.name, m.team_id
           FROM unnest($2::text[], $3::text[], $4::uuid[]) AS m (email, name, team_id)`,
        [orgId, plan.newMembers.map((m) => m.email), plan.newMembers.map((m) => m.name), plan.newMembers.map((m) => m.teamId)],
      );
    }
    if (plan.updatedMembers.length > 0) {
      await manager.query(
        `UPDATE members SET name = u.name, team_id = u.team_id
           FROM unnest($2::uuid[], $3::text[], $4::uuid[]) AS u (id, name, team_id)
          WHERE members.id = u.id AND members.org_id = $1`,
        [orgId, plan.updatedMembers.map((m) => m.id), plan.updatedMembers.map((m) => m.name), plan.updatedMembers.map((m) => m.teamId)],
      );
    }
  }
}

function describeChanges(plan: ImportPlan, state: ExistingState): ImportResult['changes'] {
  const names = new Map([...state.teams, ...plan.newTeams].map((t) => [t.id, t.name]));
  const emails = new Map(state.members.map((m) => [m.id, m.email]));
  return {
    newTeams: plan.newTeams.map((t) => ({ name: t.name, parent: t.parentId ? names.get(t.parentId)! : null })),
    newMembers: plan.newMembers.map((m) => ({ email: m.email, team: names.get(m.teamId)! })),
    updatedMembers: plan.updatedMembers.map((m) => ({ email: emails.get(m.id)!, team: names.get(m.teamId)! })),
  };
}
