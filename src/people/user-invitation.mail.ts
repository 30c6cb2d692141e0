/**
 * The mail that tells a new user (an HR admin or a manager) that they were invited: by whom,
 * to which organization, in which role, and how to sign in. It links to the sign-in page, not
 * to a sign-in link: those expire in minutes, and an invitation may be read days later. The
 * page opens with their address filled in.
 * Rendered at send time, so it names the user's role and teams as they are by then; the
 * outbox row holds { userId, invitedByName, invitedByEmail }.
 */
import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Role } from '../auth/principal';
import { html } from '../common/html';
import { RapportConfig } from '../config/config';
import { CONFIG } from '../config/config.module';
import { mailButton, mailDocument, MUTED } from '../mail/mail-layout';
import { MailTemplates, OutboxRow, RenderedMail } from '../mail/mail-templates.service';

export interface UserInvitationView {
  name: string;
  email: string;
  role: Role;
  orgName: string;
  invitedBy: { name: string; email: string };
  /** For a manager: the live teams they manage (usually none yet: HR chooses them after inviting). */
  teams: string[];
  loginUrl: string;
}

/** The role in the console's words, and what it lets the user see. */
function roleWords(v: UserInvitationView): { role: string; scope: string } {
  if (v.role === 'hr_admin') {
    return { role: 'HR admin', scope: `You run Rapport for all of ${v.orgName}: teams, people, surveys and who else can sign in.` };
  }
  const teams =
    v.teams.length > 0
      ? `Your teams: ${v.teams.join(', ')}.`
      : 'An HR admin chooses the teams you manage; they appear on your dashboard once chosen.';
  return { role: 'Manager', scope: `You see the results of the teams you manage and the teams under them: everyone’s answers put together, never one person’s own. ${teams}` };
}

export function renderUserInvitation(v: UserInvitationView): RenderedMail {
  const { role, scope } = roleWords(v);
  const subject = `${v.invitedBy.name} invited you to ${v.orgName} on Rapport`;
  const lead = `invited you to ${v.orgName} on Rapport, where ${v.orgName} runs its team pulse surveys.`;
  const howTo = `To sign in, open the sign-in page and ask for a link to ${v.email}: Rapport emails you a link that signs you in; there is no password.`;
  const unexpected = `Not expecting this? Ask ${v.invitedBy.name}, or ignore this email: nothing happens until you sign in.`;
  const text = [
    `Hello ${v.name},`,
    '',
    `${v.invitedBy.name} (${v.invitedBy.email}) ${lead}`,
    '',
    `Your role: ${role}. ${scope}`,
    '',
    howTo,
    '',
    v.loginUrl,
    '',
    unexpected,
  ].join('\n');
  const body = html`<p style="margin:0 0 8px">Hello ${v.name},</p>
<p style="margin:0 0 8px"><strong>${v.invitedBy.name}</strong> (${v.invitedBy.email}) ${lead}</p>
<p style="margin:0 0 8px">Your role: <strong>${role}</strong>. ${scope}</p>
<p style="margin:0 0 8px">${howTo}</p>
${mailButton(v.loginUrl, 'Go to the sign-in page')}
<p style="margin:8px 0 0;font-size:13px;color:${MUTED}">${unexpected}</p>`;
  return { subject, text, html: mailDocument(subject, body) };
}

interface InvitedUser {
  name: string;
  email: string;
  role: Role;
  org_name: string;
  teams: string[];
}

@Injectable()
export class UserInvitationMailTemplate implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(CONFIG) private readonly config: RapportConfig,
    private readonly templates: MailTemplates,
  ) {}

  onModuleInit(): void {
    this.templates.register('user_invitation', (row) => this.render(row));
  }

  async render(row: OutboxRow): Promise<RenderedMail | { obsolete: string }> {
    const { userId, invitedByName, invitedByEmail } = row.payload as { userId?: unknown; invitedByName?: unknown; invitedByEmail?: unknown };
    if (typeof userId !== 'string' || typeof invitedByName !== 'string' || typeof invitedByEmail !== 'string') {
      return { obsolete: 'the invitation is no longer in the message' };
    }
    const [user]: InvitedUser[] = await this.db.query(
      `SELECT u.name, u.email, u.role, o.name AS org_name,
              ARRAY(SELECT t.name FROM team_managers tm JOIN teams t ON t.id = tm.team_id
                     WHERE tm.user_id = u.id AND tm.org_id = u.org_id AND t.archived_at IS NULL ORDER BY lower(t.name)) AS teams
         FROM users u JOIN organizations o ON o.id = u.org_id
        WHERE u.id = $1 AND u.org_id = $2`,
      [userId, row.orgId],
    );
    if (!user) return { obsolete: 'the user was removed before the invitation could be sent' };
    return renderUserInvitation({
      name: user.name,
      email: user.email,
      role: user.role,
      orgName: user.org_name,
      invitedBy: { name: invitedByName, email: invitedByEmail },
      teams: user.role === 'manager' ? user.teams : [],
      loginUrl: `${this.config.publicUrl}/login?email=${encodeURIComponent(user.email)}`,
    });
  }
}
