import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DomainError, NotFoundError, ValidationFailedError } from '../common/errors';
import { inTransaction } from '../database/transaction';
import { RotatableItem, rotateItems } from '../instruments/rotation';
import { QueueService } from '../queues/queue.service';
import { CampaignLifecycleService } from '../campaigns/campaign-lifecycle.service';
import { PulseSeries } from './pulse-series.entity';
import { currentSlot, lastSlotIndex, localDate, nextSlot, SlotRule, slotEnd, slotStart } from './pulse-slots';

/** Lets a delayed job that fires a moment early still find its slot due. */
const CLOCK_SLACK_MS = 5_000;

type SeriesWithZone = PulseSeries & { timeZone: string };
/** A slot's campaign, as the slot-maker needs it. */
type Slot = { id: string; status: string };

export function slotRule(series: Pick<PulseSeries, 'cadence' | 'startAt' | 'durationDays'>, timeZone: string): SlotRule {
  return { cadence: series.cadence, startAt: series.startAt, durationDays: series.durationDays, timeZone };
}

/**
 * Makes each slot's campaign: a row with series_id and slot_start (UNIQUE, inserted with ON
 * CONFLICT DO NOTHING, so two workers never make two), the rotated items, then launched
 * through the lifecycle like a manual campaign. Creation and launch are separate
 * transactions; a draft left by a crash in between is launched by the next run.
 */
@Injectable()
export class PulseSlotsService {
  private readonly logger = new Logger('PulseSlots');
  private bank: Promise<RotatableItem[]> | null = null;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly lifecycle: CampaignLifecycleService,
    private readonly queues: QueueService,
  ) {}

  /**
   * The job: for an active series, launch any draft its earlier run left, make the current
   * slot's campaign if there is none, and ask for a job at the next slot (promptness only;
   * the reconciler's timer is what guarantees it). Returns the current slot's campaign id.
   */
  async runDue(seriesId: string, now = new Date()): Promise<string | null> {
    const series = await this.load(seriesId);
    if (!series || series.deletedAt || series.pausedAt) return null;
    const rule = slotRule(series, series.timeZone);
    await this.launchDrafts(series);
    const at = new Date(now.getTime() + CLOCK_SLACK_MS);
    const slot = currentSlot(rule, at);
    const campaignId = slot ? await this.ensureSlot(series, slot.start) : null;
    const next = nextSlot(rule, at);
    await this.queues
      .enqueue('campaigns.pulse', { seriesId }, { delayMs: next.getTime() - Date.now(), idSuffix: String(next.getTime()) })
      .catch((error: Error) => this.logger.warn(`could not schedule series ${seriesId}'s next slot (the reconciler will): ${error.message}`));
    return campaignId;
  }

  /**
   * The campaign of one slot of a series, made if missing and launched if still a draft.
   * `start` must be one of the series' slot starts. Returns the campaign id.
   */
  async createSlotCampaign(seriesId: string, start: Date): Promise<string> {
    const series = await this.load(seriesId);
    if (!series) throw new NotFoundError('pulse series');
    const rule = slotRule(series, series.timeZone);
    const index = lastSlotIndex(rule, start);
    if (index < 0 || slotStart(rule, index).getTime() !== start.getTime()) {
      throw new ValidationFailedError([{ field: 'slotStart', message: `${start.toISOString()} is not a slot of this series` }]);
    }
    return this.ensureSlot(series, start);
  }

  /** Active series whose current slot has no campaign yet, or whose slot campaign is an unlaunched draft. */
  async dueSeriesIds(now = new Date()): Promise<string[]> {
    const active: Array<{ id: string; cadence: PulseSeries['cadence']; start_at: Date; duration_days: number; timezone: string }> = await this.db.query(
      `SELECT s.id, s.cadence, s.start_at, s.duration_days, o.timezone
         FROM pulse_series s JOIN organizations o ON o.id = s.org_id
        WHERE s.deleted_at IS NULL AND s.paused_at IS NULL AND s.start_at <= $1`,
      [now],
    );
    const candidates: Array<{ id: string; start: Date }> = [];
    for (const s of active) {
      const slot = currentSlot({ cadence: s.cadence, startAt: s.start_at, durationDays: s.duration_days, timeZone: s.timezone }, now);
      if (slot) candidates.push({ id: s.id, start: slot.start });
    }
    const missing: Array<{ id: string }> = candidates.length
      ? await this.db.query(
          `SELECT d.id FROM unnest($1::uuid[], $2::timestamptz[]) AS d (id, slot_start)
            WHERE NOT EXISTS (SELECT 1 FROM campaigns c WHERE c.series_id = d.id AND c.slot_start = d.slot_start)`,
          [candidates.map((c) => c.id), candidates.map((c) => c.start)],
        )
      : [];
    const drafts: Array<{ id: string }> = await this.db.query(
      `SELECT DISTINCT s.id FROM campaigns c JOIN pulse_series s ON s.id = c.series_id
        WHERE c.status = 'draft' AND c.status_detail IS NULL AND c.closes_at > $1
          AND s.deleted_at IS NULL AND s.paused_at IS NULL`,
      [now],
    );
    return [...new Set([...missing, ...drafts].map((r) => r.id))];
  }

  private async ensureSlot(series: SeriesWithZone, start: Date): Promise<string> {
    const rule = slotRule(series, series.timeZone);
    const bank = await this.agreementItems();
    const { id, status } = await inTransaction(this.db, async (tx) => {
      // One slot-maker per series at a time, so the pulse number below is counted once.
      await tx.manager.query(`SELECT 1 FROM pulse_series WHERE id = $1 FOR UPDATE`, [series.id]);
      const [existing] = await tx.manager.query<Slot[]>(`SELECT id, status FROM campaigns WHERE series_id = $1 AND slot_start = $2`, [series.id, start]);
      if (existing) return existing;
      // The pulse number: how many campaigns the series made before this slot (missed and
      // paused slots do not count, so rotation stays even over the pulses actually asked).
      const [{ n }] = await tx.manager.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM campaigns WHERE series_id = $1 AND slot_start < $2`, [series.id, start]);
      const keys = rotateItems(bank, series.itemsPerPulse, n);
      const [inserted] = await tx.manager.query<Slot[]>(
        `INSERT INTO campaigns (org_id, name, team_ids, question_keys, opens_at, closes_at, series_id, slot_start)
         VALUES ($1, $2, $3::uuid[], $4::text[], $5, $6, $7, $5)
         ON CONFLICT (series_id, slot_start) DO NOTHING
         RETURNING id, status`,
        [series.orgId, `${series.name} · ${localDate(start, series.timeZone)}`.slice(0, 200), series.teamIds, keys, start, slotEnd(rule, start), series.id],
      );
      if (inserted) return inserted;
      const [other] = await tx.manager.query<Slot[]>(`SELECT id, status FROM campaigns WHERE series_id = $1 AND slot_start = $2`, [series.id, start]);
      return other;
    });
    if (status === 'draft') await this.launchOne(series.orgId, id);
    return id;
  }

  private async launchDrafts(series: SeriesWithZone): Promise<void> {
    const drafts: Array<{ id: string }> = await this.db.query(
      `SELECT id FROM campaigns WHERE series_id = $1 AND status = 'draft' AND status_detail IS NULL AND closes_at > now() ORDER BY slot_start`,
      [series.id],
    );
    for (const d of drafts) await this.launchOne(series.orgId, d.id);
  }

  /** Launch a slot's draft; another worker winning the race is fine, a real refusal is recorded on the draft. */
  private async launchOne(orgId: string, campaignId: string): Promise<void> {
    try {
      await this.lifecycle.launch(orgId, campaignId, null);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      const [row] = await this.db.query<{ status: string }[]>(`SELECT status FROM campaigns WHERE id = $1`, [campaignId]);
      if (row?.status === 'draft') {
        // e.g. every team of the series was archived: visible on the campaign, not retried every minute.
        await this.db.query(`UPDATE campaigns SET status_detail = $2 WHERE id = $1 AND status = 'draft'`, [campaignId, error.message]);
        this.logger.warn(`pulse campaign ${campaignId} not launched: ${error.message}`);
      }
    }
  }

  private async load(seriesId: string): Promise<SeriesWithZone | null> {
    const series = await this.db.getRepository(PulseSeries).findOneBy({ id: seriesId });
    if (!series) return null;
    const [{ timezone }] = await this.db.query<{ timezone: string }[]>(`SELECT timezone FROM organizations WHERE id = $1`, [series.orgId]);
    return Object.assign(series, { timeZone: timezone });
  }

  /** The rotated items; follow_through is never rotated in, only added at open to teams with actions. */
  private agreementItems(): Promise<RotatableItem[]> {
    this.bank ??= this.db.query<RotatableItem[]>(`SELECT key, dimension FROM questions WHERE scale = 'agree7' AND key <> 'follow_through' ORDER BY position`).catch((error) => {
      this.bank = null;
      throw error;
    });
    return this.bank;
  }
}
