import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { FieldError, NotFoundError, ValidationFailedError } from '../common/errors';
import { ListQuery, Page, paginate } from '../common/pagination';
import { QueueService } from '../queues/queue.service';
import { PulseSeries } from './pulse-series.entity';
import { CreatePulseSeriesDto, DEFAULT_ITEMS_PER_PULSE } from './pulse-series.dto';
import { currentSlot, MAX_DURATION_DAYS, nextSlot } from './pulse-slots';
import { slotRule } from './pulse-slots.service';

export interface PulseSeriesView {
  id: string;
  name: string;
  teamIds: string[];
  cadence: PulseSeries['cadence'];
  itemsPerPulse: number;
  durationDays: number;
  startAt: string;
  paused: boolean;
  /** When the next slot's campaign will be made; null while paused. */
  nextSlotAt: string | null;
  /** The timezone slots are computed in (the organization's). */
  timezone: string;
  /** The campaign of the slot open right now, once made. */
  currentCampaignId: string | null;
  createdAt: string;
}

/** Pulse series: HR's recurring pulses. The worker makes each slot's campaign (PulseSlotsService). */
@Injectable()
export class PulseSeriesService {
  private readonly logger = new Logger('PulseSeries');

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly queues: QueueService,
  ) {}

  async create(orgId: string, input: CreatePulseSeriesDto): Promise<PulseSeriesView> {
    const errors: FieldError[] = [];
    const max = MAX_DURATION_DAYS[input.cadence];
    if (input.durationDays > max) errors.push({ field: 'durationDays', message: `a ${input.cadence} pulse stays open at most ${max} days` });
    const found: Array<{ id: string }> = await this.db.query(
      `SELECT id FROM teams WHERE org_id = $1 AND archived_at IS NULL AND id = ANY($2::uuid[])`,
      [orgId, input.teamIds],
    );
    const known = new Set(found.map((r) => r.id));
    for (const id of input.teamIds) if (!known.has(id)) errors.push({ field: 'teamIds', message: `${id} is not an active team` });
    if (errors.length > 0) throw new ValidationFailedError(errors);

    const saved = await this.db.getRepository(PulseSeries).save({
      orgId,
      name: input.name,
      teamIds: input.teamIds,
      cadence: input.cadence,
      itemsPerPulse: input.itemsPerPulse ?? DEFAULT_ITEMS_PER_PULSE,
      durationDays: input.durationDays,
      startAt: input.startAt,
    });
    await this.wake(saved.id, input.startAt);
    return this.view(await this.find(orgId, saved.id));
  }

  async list(orgId: string, query: ListQuery): Promise<Page<PulseSeriesView>> {
    const qb = this.db
      .getRepository(PulseSeries)
      .createQueryBuilder('s')
      .where('s.org_id = :orgId AND s.deleted_at IS NULL', { orgId });
    const page = await paginate(qb, query);
    return { items: await Promise.all(page.items.map((s) => this.view(s))), nextCursor: page.nextCursor };
  }

  async get(orgId: string, id: string): Promise<PulseSeriesView> {
    return this.view(await this.find(orgId, id));
  }

  async pause(orgId: string, id: string): Promise<PulseSeriesView> {
    await this.find(orgId, id);
    await this.db.query(`UPDATE pulse_series SET paused_at = now() WHERE id = $1 AND org_id = $2 AND paused_at IS NULL AND deleted_at IS NULL`, [id, orgId]);
    return this.get(orgId, id);
  }

  /** Slots missed while paused are not made up; the slot open right now is, if its window has not passed. */
  async resume(orgId: string, id: string): Promise<PulseSeriesView> {
    const series = await this.find(orgId, id);
    await this.db.query(`UPDATE pulse_series SET paused_at = NULL WHERE id = $1 AND org_id = $2 AND deleted_at IS NULL`, [id, orgId]);
    await this.wake(id, series.startAt);
    return this.get(orgId, id);
  }

  /** Stops future slots; the campaigns already made stay, and keep pointing at the series. */
  async remove(orgId: string, id: string): Promise<void> {
    await this.find(orgId, id);
    await this.db.query(`UPDATE pulse_series SET deleted_at = now() WHERE id = $1 AND org_id = $2 AND deleted_at IS NULL`, [id, orgId]);
  }

  async find(orgId: string, id: string): Promise<PulseSeries> {
    const series = await this.db.getRepository(PulseSeries).findOneBy({ id, orgId });
    if (!series || series.deletedAt) throw new NotFoundError('pulse series');
    return series;
  }

  async view(s: PulseSeries): Promise<PulseSeriesView> {
    const [{ timezone }] = await this.db.query<{ timezone: string }[]>(`SELECT timezone FROM organizations WHERE id = $1`, [s.orgId]);
    const rule = slotRule(s, timezone);
    const now = new Date();
    const slot = currentSlot(rule, now);
    const [current] = slot
      ? await this.db.query<{ id: string }[]>(`SELECT id FROM campaigns WHERE series_id = $1 AND slot_start = $2`, [s.id, slot.start])
      : [];
    return {
      id: s.id,
      name: s.name,
      teamIds: s.teamIds,
      cadence: s.cadence,
      itemsPerPulse: s.itemsPerPulse,
      durationDays: s.durationDays,
      startAt: s.startAt.toISOString(),
      paused: s.pausedAt !== null,
      nextSlotAt: s.pausedAt ? null : nextSlot(rule, now).toISOString(),
      timezone,
      currentCampaignId: current?.id ?? null,
      createdAt: s.createdAt.toISOString(),
    };
  }

  /**
   * Asks the worker to look at the series now (and at its start, if that is later). Promptness
   * only: the reconciler finds due slots from PostgreSQL whatever happens to this job.
   */
  private async wake(seriesId: string, startAt: Date): Promise<void> {
    try {
      const delay = startAt.getTime() - Date.now();
      if (delay > 0) await this.queues.enqueue('campaigns.pulse', { seriesId }, { delayMs: delay, idSuffix: String(startAt.getTime()) });
      else await this.queues.enqueue('campaigns.pulse', { seriesId });
    } catch (error) {
      this.logger.warn(`could not enqueue series ${seriesId} (the reconciler will): ${(error as Error).message}`);
    }
  }
}
