import { randomUUID } from 'node:crypto';
import { isEmailAllowed } from './email-domains';
import { isEmailAddress } from '../common/formats';

/** One data row of the import file; `line` is the line number in the file (header = 1). */
export interface ImportRow {
  line: number;
  email: string;
  name: string;
  team: string;
  parentTeam: string;
  managerEmail: string;
}

export interface ExistingState {
  teams: Array<{ id: string; name: string; parentId: string | null }>;
  users: Array<{ id: string; email: string }>;
  members: Array<{ id: string; email: string; name: string | null; teamId: string }>;
  managerLinks: Array<{ teamId: string; userId: string }>;
  /** The organization's allowed email domains; empty allows any. */
  allowedEmailDomains: string[];
}

export interface ImportPlan {
  errors: Array<{ line: number; message: string }>;
  /** Parents always come before their children, so a multi-row insert satisfies the foreign key. */
  newTeams: Array<{ id: string; name: string; parentId: string | null }>;
  newManagerLinks: Array<{ teamId: string; userId: string }>;
  newMembers: Array<{ email: string; name: string | null; teamId: string }>;
  updatedMembers: Array<{ id: string; name: string | null; teamId: string }>;
}

const key = (name: string) => name.trim().toLowerCase();

/**
 * Decides everything an import would do, without touching the database, so the rules can be
 * tested on their own and a dry run is exactly the real run minus the writes.
 * Rules: `team` is created when no live team has that name (under `parent_team`, itself created
 * as a root if unknown); an existing team keeps its parent, so a different `parent_team` is an
 * error; `manager_email` must be a user; a known active email is moved or renamed, a new one is
 * created; an email may appear once per file. The import never deactivates anyone.
 */
export function planImport(rows: ImportRow[], existing: ExistingState): ImportPlan {
  const errors: ImportPlan['errors'] = [];
  type PlannedTeam = { id: string; name: string; parentId: string | null; placed: boolean };
  // `placed`: the parent is settled. A team first met only as someone's parent_team is not yet.
  const teams = new Map<string, PlannedTeam>(existing.teams.map((t) => [key(t.name), { ...t, placed: true }]));
  const byId = new Map([...teams.values()].map((t) => [t.id, t]));
  const users = new Map(existing.users.map((u) => [u.email, u.id]));
  const members = new Map(existing.members.map((m) => [m.email, m]));
  const links = new Set(existing.managerLinks.map((l) => `${l.teamId}/${l.userId}`));
  const newManagerLinks: ImportPlan['newManagerLinks'] = [];
  const newMembers: ImportPlan['newMembers'] = [];
  const updatedMembers: ImportPlan['updatedMembers'] = [];
  const seenEmails = new Map<string, number>();

  const newTeamList: PlannedTeam[] = [];
  const ensureTeam = (name: string, parentId: string | null, placed: boolean) => {
    const team = { id: randomUUID(), name: name.trim(), parentId, placed };
    teams.set(key(name), team);
    byId.set(team.id, team);
    newTeamList.push(team);
    return team;
  };
  const isAncestorOrSelf = (candidateId: string, teamId: string | null): boolean => {
    for (let id = teamId; id; id = byId.get(id)?.parentId ?? null) if (id === candidateId) return true;
    return false;
  };

  for (const row of rows) {
    const problems: string[] = [];
    const email = row.email.trim().toLowerCase();
    if (!isEmailAddress(email)) problems.push(`"${row.email}" is not an email address`);
    else if (seenEmails.has(email)) problems.push(`${email} already appears on line ${seenEmails.get(email)}`);
    else if (!isEmailAllowed(email, existing.allowedEmailDomains)) {
      problems.push(`${email} is outside the organization's allowed email domains (${existing.allowedEmailDomains.join(', ')})`);
    }
    if (!row.team.trim()) problems.push('team is required');
    if (row.team.length > 200 || row.parentTeam.length > 200 || row.name.length > 200) problems.push('names are limited to 200 characters');
    if (/[\r\n]/.test(row.team + row.parentTeam + row.name)) problems.push('names must be single lines (no line breaks)');
    if (row.parentTeam.trim() && key(row.parentTeam) === key(row.team)) problems.push('a team cannot be its own parent_team');
    const managerId = row.managerEmail.trim() ? users.get(row.managerEmail.trim().toLowerCase()) : undefined;
    if (row.managerEmail.trim() && !managerId) problems.push(`manager_email ${row.managerEmail.trim()} is not a user of this organization`);
    if (problems.length > 0) {
      errors.push({ line: row.line, message: problems.join('; ') });
      continue;
    }
    seenEmails.set(email, row.line);

    let parentId: string | null = null;
    if (row.parentTeam.trim()) parentId = (teams.get(key(row.parentTeam)) ?? ensureTeam(row.parentTeam, null, false)).id;
    let team = teams.get(key(row.team));
    if (!team) {
      team = ensureTeam(row.team, parentId, true);
    } else if (row.parentTeam.trim() && team.parentId !== parentId) {
      if (team.placed) {
        errors.push({ line: row.line, message: `team "${team.name}" already has another parent; move it in the app first` });
        continue;
      }
      if (isAncestorOrSelf(team.id, parentId)) {
        errors.push({ line: row.line, message: `placing "${team.name}" under "${row.parentTeam.trim()}" would make a cycle` });
        continue;
      }
      team.parentId = parentId;
    }
    team.placed = true;

    if (managerId && !links.has(`${team.id}/${managerId}`)) {
      links.add(`${team.id}/${managerId}`);
      newManagerLinks.push({ teamId: team.id, userId: managerId });
    }

    const name = row.name.trim() || null;
    const current = members.get(email);
    if (!current) {
      newMembers.push({ email, name, teamId: team.id });
    } else if (current.teamId !== team.id || (name !== null && name !== current.name)) {
      updatedMembers.push({ id: current.id, name: name ?? current.name, teamId: team.id });
    }
  }

  return { errors, newTeams: parentsFirst(newTeamList), newManagerLinks, newMembers, updatedMembers };
}

function parentsFirst(list: Array<{ id: string; name: string; parentId: string | null }>): ImportPlan['newTeams'] {
  const pending = new Map(list.map((t) => [t.id, t]));
  const ordered: ImportPlan['newTeams'] = [];
  const visit = (t: { id: string; name: string; parentId: string | null }) => {
    if (!pending.delete(t.id)) return;
    const parent = t.parentId ? pending.get(t.parentId) : undefined;
    if (parent) visit(parent);
    ordered.push({ id: t.id, name: t.name, parentId: t.parentId });
  };
  list.forEach(visit);
  return ordered;
}
