import { ExistingState, ImportRow, planImport } from './members-import.plan';

const empty = (): ExistingState => ({ teams: [], users: [], members: [], managerLinks: [], allowedEmailDomains: [] });

let nextLine = 2;
const row = (r: Partial<ImportRow> & { email: string; team: string }): ImportRow => ({
  line: nextLine++,
  name: '',
  parentTeam: '',
  managerEmail: '',
  ...r,
});

beforeEach(() => {
  nextLine = 2;
});

describe('planImport', () => {
  it('creates teams (parents before children), members and manager links', () => {
    const existing = { ...empty(), users: [{ id: 'u-lea', email: 'lea@example.com' }] };
    const plan = planImport(
      [
        row({ email: 'Ana@Example.com ', name: ' Ana ', team: 'Design', parentTeam: 'Product', managerEmail: 'LEA@example.com' }),
        row({ email: 'bo@example.com', team: 'Design' }),
        row({ email: 'cy@example.com', team: 'Product' }),
      ],
      existing,
    );
    expect(plan.errors).toEqual([]);
    expect(plan.newTeams.map((t) => t.name)).toEqual(['Product', 'Design']);
    const [product, design] = plan.newTeams;
    expect(product.parentId).toBeNull();
    expect(design.parentId).toBe(product.id);
    expect(plan.newManagerLinks).toEqual([{ teamId: design.id, userId: 'u-lea' }]);
    expect(plan.newMembers).toEqual([
      { email: 'ana@example.com', name: 'Ana', teamId: design.id },
      { email: 'bo@example.com', name: null, teamId: design.id },
      { email: 'cy@example.com', name: null, teamId: product.id },
    ]);
    expect(plan.updatedMembers).toEqual([]);
  });

  it('places a team first seen as a parent_team under its own parent when a later line says so', () => {
    const plan = planImport(
      [
        row({ email: 'a@example.com', team: 'Design', parentTeam: 'Product' }),
        row({ email: 'b@example.com', team: 'Product', parentTeam: 'Company' }),
      ],
      empty(),
    );
    expect(plan.errors).toEqual([]);
    const byName = new Map(plan.newTeams.map((t) => [t.name, t]));
    expect(byName.get('Company')!.parentId).toBeNull();
    expect(byName.get('Product')!.parentId).toBe(byName.get('Company')!.id);
    expect(byName.get('Design')!.parentId).toBe(byName.get('Product')!.id);
    // Rows are inserted in this order, so each parent must come before its children.
    const order = plan.newTeams.map((t) => t.name);
    expect(order.indexOf('Company')).toBeLessThan(order.indexOf('Product'));
    expect(order.indexOf('Product')).toBeLessThan(order.indexOf('Design'));
  });

  it('refuses a placement that would make a cycle', () => {
    const plan = planImport(
      [
        row({ email: 'a@example.com', team: 'A', parentTeam: 'B' }),
        // B is still unplaced (only seen as a parent): putting it under A would close A → B → A.
        row({ email: 'b@example.com', team: 'B', parentTeam: 'A' }),
      ],
      empty(),
    );
    expect(plan.errors).toEqual([{ line: 3, message: expect.stringContaining('cycle') }]);
  });

  it('refuses a team that is its own parent_team, case-insensitively', () => {
    const plan = planImport([row({ email: 'a@example.com', team: 'Ops', parentTeam: ' ops ' })], empty());
    expect(plan.errors).toEqual([{ line: 2, message: expect.stringContaining('own parent_team') }]);
  });

  it('keeps an existing team where it is: another parent_team is an error, the same one is fine', () => {
    const existing: ExistingState = {
      ...empty(),
      teams: [
        { id: 't-root', name: 'Company', parentId: null },
        { id: 't-eng', name: 'Engineering', parentId: 't-root' },
        { id: 't-ops', name: 'Ops', parentId: null },
      ],
    };
    const plan = planImport(
      [
        row({ email: 'a@example.com', team: 'engineering', parentTeam: 'COMPANY' }),
        row({ email: 'b@example.com', team: 'Engineering', parentTeam: 'Ops' }),
      ],
      existing,
    );
    expect(plan.errors).toEqual([{ line: 3, message: expect.stringContaining('already has another parent') }]);
    expect(plan.newTeams).toEqual([]);
    expect(plan.newMembers).toEqual([{ email: 'a@example.com', name: null, teamId: 't-eng' }]);
  });

  it('reports every bad line with its own line number and all of its problems', () => {
    const plan = planImport(
      [
        row({ email: 'ok@example.com', team: 'T' }),
        row({ email: 'not-an-email', team: 'T' }),
        row({ email: 'OK@example.com', team: 'T' }),
        row({ email: 'c@example.com', team: ' ' }),
        row({ email: 'd@example.com', team: 'T', managerEmail: 'ghost@example.com' }),
        row({ email: 'e', team: '', managerEmail: 'ghost@example.com' }),
      ],
      empty(),
    );
    expect(plan.errors.map((e) => e.line)).toEqual([3, 4, 5, 6, 7]);
    expect(plan.errors[0].message).toContain('not an email address');
    expect(plan.errors[1].message).toContain('already appears on line 2');
    expect(plan.errors[2].message).toContain('team is required');
    expect(plan.errors[3].message).toContain('ghost@example.com is not a user');
    expect(plan.errors[4].message.split('; ')).toHaveLength(3);
  });

  it('moves or renames a known member, and leaves an unchanged one alone', () => {
    const existing: ExistingState = {
      ...empty(),
      teams: [
        { id: 't-a', name: 'A', parentId: null },
        { id: 't-b', name: 'B', parentId: null },
      ],
      members: [
        { id: 'm-1', email: 'one@example.com', name: 'One', teamId: 't-a' },
        { id: 'm-2', email: 'two@example.com', name: 'Two', teamId: 't-a' },
        { id: 'm-3', email: 'three@example.com', name: 'Three', teamId: 't-a' },
      ],
    };
    const plan = planImport(
      [
        row({ email: 'one@example.com', team: 'B' }),
        row({ email: 'two@example.com', name: 'Deux', team: 'A' }),
        row({ email: 'three@example.com', team: 'a' }),
      ],
      existing,
    );
    expect(plan.errors).toEqual([]);
    expect(plan.newMembers).toEqual([]);
    expect(plan.updatedMembers).toEqual([
      { id: 'm-1', name: 'One', teamId: 't-b' },
      { id: 'm-2', name: 'Deux', teamId: 't-a' },
    ]);
  });

  it('does not repeat a manager link that exists or appears twice in the file', () => {
    const existing: ExistingState = {
      ...empty(),
      teams: [{ id: 't-a', name: 'A', parentId: null }],
      users: [{ id: 'u-1', email: 'lead@example.com' }],
      managerLinks: [{ teamId: 't-a', userId: 'u-1' }],
    };
    const plan = planImport(
      [
        row({ email: 'a@example.com', team: 'A', managerEmail: 'lead@example.com' }),
        row({ email: 'b@example.com', team: 'New', managerEmail: 'lead@example.com' }),
        row({ email: 'c@example.com', team: 'new', managerEmail: 'lead@example.com' }),
      ],
      existing,
    );
    expect(plan.errors).toEqual([]);
    expect(plan.newManagerLinks).toEqual([{ teamId: plan.newTeams[0].id, userId: 'u-1' }]);
  });

  it('refuses addresses outside the allowed domains and names with line breaks, each against its line', () => {
    const existing = { ...empty(), allowedEmailDomains: ['example.com'] };
    const plan = planImport(
      [
        row({ email: 'ana@example.com', team: 'A' }),
        row({ email: 'planted@elsewhere.test', team: 'A' }),
        row({ email: 'bo@sub.example.com', team: 'A' }),
        row({ email: 'cy@example.com', team: 'A\nInjected' }),
      ],
      existing,
    );
    expect(plan.errors).toEqual([
      { line: 3, message: "planted@elsewhere.test is outside the organization's allowed email domains (example.com)" },
      { line: 4, message: "bo@sub.example.com is outside the organization's allowed email domains (example.com)" },
      { line: 5, message: 'names must be single lines (no line breaks)' },
    ]);
  });
});
