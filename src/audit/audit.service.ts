import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ValidationFailedError } from '../common/errors';
import { Page } from '../common/pagination';
import { AuditEventDto, AuditQuery } from './audit.dto';
import { AuditType } from './audit.events';

interface AuditRow {
  id: string;
  /** bigint, as a string. */
  seq: string;
  at: Date;
  actor_id: string | null;
  actor_email: string | null;
  type: AuditType;
  subject_kind: string;
  subject_id: string | null;
  subject_label: string;
  detail: Record<string, unknown> | null;
}

const CURSOR = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z)_(\d{1,18})$/;

function decodeCursor(cursor: string): [string, string] {
  const match = CURSOR.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match || Number.isNaN(Date.parse(match[1]))) {
    throw new ValidationFailedError([{ field: 'cursor', message: 'cursor is not one this API gave out' }]);
  }
  return [match[1], match[2]];
}

export function toAuditEventView(r: AuditRow): AuditEventDto {
  return {
    id: r.id,
    at: r.at.toISOString(),
    actor: r.actor_id && r.actor_email ? { id: r.actor_id, email: r.actor_email } : null,
    type: r.type,
    subject: { kind: r.subject_kind, id: r.subject_id, label: r.subject_label },
    ...(r.detail ? { detail: r.detail } : {}),
  };
}

/** Reads the trail; writing is `recordAudit()` inside the transaction of each change. */
@Injectable()
export class AuditService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Newest first, keyset-paginated on (at, seq): seq orders the events of one millisecond as written. */
  async list(orgId: string, query: AuditQuery): Promise<Page<AuditEventDto>> {
    const limit = query.limit ?? 50;
    const [cursorAt, cursorSeq] = query.cursor ? decodeCursor(query.cursor) : [null, null];
    const rows: AuditRow[] = await this.db.query(
      `SELECT id, seq, at, actor_id, actor_email, type, subject_kind, subject_id, subject_label, detail
         FROM audit_events
        WHERE org_id = $1
          AND ($2::text IS NULL OR type = $2)
          AND ($3::timestamptz IS NULL OR (at, seq) < ($3::timestamptz, $4::bigint))
        ORDER BY at DESC, seq DESC
        LIMIT $5`,
      [orgId, query.type ?? null, cursorAt, cursorSeq, limit + 1],
    );
    const items = rows.slice(0, limit);
    const last = items[items.length - 1];
    const nextCursor = rows.length > limit && last ? Buffer.from(`${last.at.toISOString()}_${last.seq}`).toString('base64url') : null;
    return { items: items.map(toAuditEventView), nextCursor };
  }
}
