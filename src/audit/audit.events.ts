import { EntityManager } from 'typeorm';

/** Every kind of change the trail records (API.md "Organization and people"). */
export const AUDIT_TYPES = [
  'org.updated',
  'team.created',
  'team.updated',
  'team.archived',
  'member.added',
  'member.deactivated',
  'member.imported',
  'user.created',
  'user.updated',
  'user.removed',
  'api_key.created',
  'api_key.revoked',
  'campaign.created',
  'campaign.launched',
  'campaign.closed',
  'results.shared',
  'action.created',
  'action.updated',
] as const;
export type AuditType = (typeof AUDIT_TYPES)[number];

/** Who made a change: a signed-in user or key holder; null for the system (a scheduled close, the CLI). */
export interface AuditActor {
  userId: string;
  email: string;
}

export interface AuditEvent {
  orgId: string;
  actor: AuditActor | null;
  type: AuditType;
  subject: { kind: string; id: string | null; label: string };
  detail?: Record<string, unknown>;
}

/**
 * Appends one event, in the caller's transaction: the event commits if and only if the change
 * it records does, so the trail can neither miss a change nor record one that never happened.
 */
export async function recordAudit(manager: EntityManager, event: AuditEvent): Promise<void> {
  await manager.query(
    `INSERT INTO audit_events (org_id, actor_id, actor_email, type, subject_kind, subject_id, subject_label, detail)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [
      event.orgId,
      event.actor?.userId ?? null,
      event.actor?.email ?? null,
      event.type,
      event.subject.kind,
      event.subject.id,
      event.subject.label,
      event.detail === undefined ? null : JSON.stringify(event.detail),
    ],
  );
}
