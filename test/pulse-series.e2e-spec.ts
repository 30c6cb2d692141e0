import { INestApplicationContext } from '@nestjs/common';
import { PulseSlotsService } from '../src/pulses/pulse-slots.service';
import { currentSlot, slotEnd, slotStart, toLocal } from '../src/pulses/pulse-slots';
import { DIMENSIONS } from '../src/instruments/dimensions';
import { redisConnection } from '../src/queues/redis';
import { ReconcilerService } from '../src/queues/reconciler.service';
import { AGREE_KEYS, hoursFromNow, teamWithMembers } from './support/campaigns';
import { startTestEnv, TestEnv } from './support/harness';
import { SmtpSink } from './support/smtp';
import { eventually } from './support/waiting';

const PARIS = 'Europe/Paris';
const DAY = 86_400_000;

interface SlotCampaign {
  id: string;
  name: string;
  status: string;
  slot_start: Date;
  opens_at: Date;
  closes_at: Date;
  invited: number;
  question_keys: string[];
}

describe('pulse series: slots, catch-up, Redis loss, pause, rotation', () => {
  let env: TestEnv;
  let smtp: SmtpSink;
  let auth: { Authorization: string };
  let team: { id: string; emails: string[] };
  let worker: INestApplicationContext;
  let caughtUp: { id: string };
  let paused: { id: string };

  const campaignsOf = (seriesId: string): Promise<SlotCampaign[]> =>
    env.db.query(
      `SELECT id, name, status, slot_start, opens_at, closes_at, invited, question_keys FROM campaigns WHERE series_id = $1 ORDER BY slot_start`,
      [seriesId],
    );
  const createSeries = (body: Record<string, unknown>) =>
    env.http().post('/api/v1/pulse-series').set(auth).send({ name: 'Weekly pulse', teamIds: [team.id], cadence: 'weekly', durationDays: 5, ...body });
  const pass = () => worker.get(ReconcilerService).pass();
  const deleteQueueKeys = async () => {
    // A Redis that lost its data: only this file's own keys, never FLUSHALL.
    const redis = redisConnection(env.config.redisUrl);
    try {
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', `${env.config.queuePrefix}:*`, 'COUNT', 500);
        if (keys.length > 0) await redis.del(...keys);
        cursor = next;
      } while (cursor !== '0');
    } finally {
      redis.disconnect();
    }
  };

  beforeAll(async () => {
    smtp = await new SmtpSink().start();
    env = await startTestEnv({ SMTP_URL: smtp.url });
    ({ auth } = await env.createOrg());
    await env.http().patch('/api/v1/org').set(auth).send({ timezone: PARIS }).expect(200);
    team = await teamWithMembers(env, auth, 'Pulse team', 3);
  });
  afterAll(async () => {
    await env.close();
    await smtp.stop();
  });

  it('validates a series: items 5–24, duration within the cadence, dates with an offset, active teams of the organization', async () => {
    const start = hoursFromNow(24);
    expect((await createSeries({ startAt: start, itemsPerPulse: 4 })).status).toBe(422);
    expect((await createSeries({ startAt: start, itemsPerPulse: 25 })).status).toBe(422);
    expect((await createSeries({ startAt: start, itemsPerPulse: 6.5 })).status).toBe(422);
    const tooLong = await createSeries({ startAt: start, durationDays: 8 });
    expect(tooLong.status).toBe(422);
    expect(tooLong.body.errors[0].field).toBe('durationDays');
    expect((await createSeries({ startAt: start, cadence: 'biweekly', durationDays: 15 })).status).toBe(422);
    expect((await createSeries({ startAt: start, cadence: 'monthly', durationDays: 29 })).status).toBe(422);
    expect((await createSeries({ startAt: start, durationDays: 0 })).status).toBe(422);
    expect((await createSeries({ startAt: start, cadence: 'daily' })).status).toBe(422);
    expect((await createSeries({ startAt: '2030-01-07' })).status).toBe(422);
    expect((await createSeries({ startAt: '2030-01-07T09:00:00' })).status).toBe(422);
    expect((await createSeries({ startAt: start, teamIds: ['00000000-0000-4000-8000-000000000000'] })).status).toBe(422);
    const archived = await env.http().post('/api/v1/teams').set(auth).send({ name: 'Gone soon' }).expect(201);
    await env.http().delete(`/api/v1/teams/${archived.body.id}`).set(auth).expect(204);
    const archivedRes = await createSeries({ startAt: start, teamIds: [archived.body.id] });
    expect(archivedRes.status).toBe(422);
    expect(archivedRes.body.errors[0].field).toBe('teamIds');
    expect((await createSeries({ startAt: start, extra: true })).status).toBe(422);

    const ok = await createSeries({ startAt: '2030-01-07T09:00:00+01:00', cadence: 'monthly', durationDays: 28 }).expect(201);
    expect(ok.body).toMatchObject({
      name: 'Weekly pulse',
      teamIds: [team.id],
      cadence: 'monthly',
      itemsPerPulse: 12,
      durationDays: 28,
      startAt: '2030-01-07T08:00:00.000Z',
      paused: false,
      nextSlotAt: '2030-01-07T08:00:00.000Z',
      timezone: PARIS,
      currentCampaignId: null,
    });
    await env.http().get(`/api/v1/pulse-series/${ok.body.id}`).set(auth).expect(200);
    const list = await env.http().get('/api/v1/pulse-series?limit=1').set(auth).expect(200);
    expect(list.body.items).toHaveLength(1);

    // Another organization's series is a 404, as is a malformed id; managers are refused.
    const other = await env.createOrg('Other');
    await env.http().get(`/api/v1/pulse-series/${ok.body.id}`).set(other.auth).expect(404);
    await env.http().post(`/api/v1/pulse-series/${ok.body.id}/pause`).set(other.auth).expect(404);
    await env.http().delete(`/api/v1/pulse-series/${ok.body.id}`).set(other.auth).expect(404);
    await env.http().get('/api/v1/pulse-series/not-a-uuid').set(auth).expect(404);
    const manager = await env.http().post('/api/v1/users').set(auth).send({ email: 'mgr-pulse@example.com', name: 'M', role: 'manager' }).expect(201);
    const key = await env.http().post(`/api/v1/users/${manager.body.id}/api-keys`).set(auth).send({}).expect(201);
    await env.http().get('/api/v1/pulse-series').set({ Authorization: `Bearer ${key.body.key}` }).expect(403);

    await env.http().delete(`/api/v1/pulse-series/${ok.body.id}`).set(auth).expect(204);
    await env.http().get(`/api/v1/pulse-series/${ok.body.id}`).set(auth).expect(404);
  });

  it('after a Redis loss before any worker ran, the first reconciler pass makes the current slot, and nothing for a paused series', async () => {
    // Started ten days ago: slot 0 (ten days ago) is over, slot 1 (three days ago) is open for two more days.
    caughtUp = (await createSeries({ name: 'Catch-up', startAt: new Date(Date.now() - 10 * DAY).toISOString() }).expect(201)).body;
    paused = (await createSeries({ name: 'Paused', startAt: new Date(Date.now() - 10 * DAY).toISOString() }).expect(201)).body;
    await env.http().post(`/api/v1/pulse-series/${paused.id}/pause`).set(auth).expect(200);
    await deleteQueueKeys(); // the jobs the API enqueued are gone

    worker = await env.startWorker(); // its reconciler runs a pass at start
    const [campaign] = await eventually(async () => {
      const rows = await campaignsOf(caughtUp.id);
      return rows.length > 0 && rows[0].status === 'open' && rows;
    });
    const expected = new Date(Date.now() - 10 * DAY + 7 * DAY);
    expect(Math.abs(campaign.slot_start.getTime() - expected.getTime())).toBeLessThan(60_000);
    expect(campaign).toMatchObject({ status: 'open', invited: 3 });
    expect(campaign.closes_at.getTime() - campaign.slot_start.getTime()).toBeGreaterThanOrEqual(5 * DAY - 3600_000);
    expect(campaign.closes_at.getTime()).toBeGreaterThan(Date.now());
    expect(campaign.name).toMatch(/^Catch-up · \d{4}-\d{2}-\d{2}$/);
    expect(campaign.question_keys).toHaveLength(12);
    const [{ n }] = await env.db.query(`SELECT count(*)::int AS n FROM invitations WHERE campaign_id = $1`, [campaign.id]);
    expect(n).toBe(3);
    await smtp.waitFor((m) => team.emails.includes(m.to[0]), 3);

    // The paused series made nothing, and is not due.
    await pass();
    expect(await campaignsOf(paused.id)).toHaveLength(0);
    expect(await worker.get(PulseSlotsService).dueSeriesIds()).not.toContain(paused.id);

    const view = await env.http().get(`/api/v1/pulse-series/${caughtUp.id}`).set(auth).expect(200);
    expect(view.body).toMatchObject({ currentCampaignId: campaign.id, paused: false });
    const rule = { cadence: 'weekly' as const, startAt: new Date(view.body.startAt), timeZone: PARIS };
    expect(campaign.slot_start.getTime()).toBe(slotStart(rule, 1).getTime());
    expect(view.body.nextSlotAt).toBe(slotStart(rule, 2).toISOString());
  });

  it('a second pass, passes in parallel, and two workers racing make no second campaign for the slot', async () => {
    const second = await env.startWorker();
    await Promise.all([pass(), second.get(ReconcilerService).pass(), pass()]);
    const ids = await Promise.all([
      worker.get(PulseSlotsService).runDue(caughtUp.id),
      second.get(PulseSlotsService).runDue(caughtUp.id),
      worker.get(PulseSlotsService).runDue(caughtUp.id),
    ]);
    expect(new Set(ids).size).toBe(1);
    expect(await campaignsOf(caughtUp.id)).toHaveLength(1);

    // A brand-new series raced by its own job, two workers' reconcilers and direct calls: one campaign.
    const raced = (await createSeries({ name: 'Raced', startAt: new Date(Date.now() - DAY).toISOString() }).expect(201)).body;
    const racedIds = await Promise.all([
      worker.get(PulseSlotsService).runDue(raced.id),
      second.get(PulseSlotsService).runDue(raced.id),
      pass(),
      second.get(ReconcilerService).pass(),
    ]);
    expect(racedIds[0]).toBe(racedIds[1]);
    await eventually(async () => (await campaignsOf(raced.id))[0]?.status === 'open');
    expect(await campaignsOf(raced.id)).toHaveLength(1);
    await second.close();
  });

  it('deleting the queue keys and reconciling again neither duplicates nor loses the slot', async () => {
    const before = await campaignsOf(caughtUp.id);
    await deleteQueueKeys();
    await pass();
    await pass();
    const after = await campaignsOf(caughtUp.id);
    expect(after).toHaveLength(1);
    expect(after[0].id).toBe(before[0].id);
    expect(after[0].status).toBe('open');
  });

  it('repairs a crash between creating a slot campaign and launching it: the draft is launched by the next pass', async () => {
    // What a crash right after the INSERT leaves: a series and its current slot's campaign as a draft, no job anywhere.
    const startAt = new Date(Date.now() - 2 * DAY);
    const [{ series_id: seriesId }] = await env.db.query(
      `WITH s AS (
         INSERT INTO pulse_series (org_id, name, team_ids, cadence, items_per_pulse, duration_days, start_at)
         SELECT org_id, 'Crashed', ARRAY[id], 'weekly', 12, 5, $2 FROM teams WHERE id = $1
         RETURNING id, org_id, team_ids
       )
       INSERT INTO campaigns (org_id, name, team_ids, question_keys, opens_at, closes_at, series_id, slot_start)
       SELECT org_id, 'Crashed · draft', team_ids, $3, $2, $4, id, $2 FROM s
       RETURNING series_id`,
      [team.id, startAt, AGREE_KEYS.slice(0, 12), slotEnd({ durationDays: 5, timeZone: PARIS }, startAt)],
    );
    expect(await worker.get(PulseSlotsService).dueSeriesIds()).toContain(seriesId);
    await pass();
    const [launched] = await eventually(async () => {
      const rows = await campaignsOf(seriesId);
      return rows[0]?.status === 'open' && rows;
    });
    expect(launched.invited).toBe(3);
    expect(await campaignsOf(seriesId)).toHaveLength(1);
    expect(await worker.get(PulseSlotsService).dueSeriesIds()).not.toContain(seriesId);
  });

  it('pause stops new slots and resume restarts them', async () => {
    expect(await campaignsOf(paused.id)).toHaveLength(0);
    const resumed = await env.http().post(`/api/v1/pulse-series/${paused.id}/resume`).set(auth).expect(200);
    expect(resumed.body.paused).toBe(false);
    const [campaign] = await eventually(async () => {
      const rows = await campaignsOf(paused.id);
      return rows[0]?.status === 'open' && rows;
    });
    expect(campaign.invited).toBe(3);

    const pausedView = await env.http().post(`/api/v1/pulse-series/${paused.id}/pause`).set(auth).expect(200);
    expect(pausedView.body).toMatchObject({ paused: true, nextSlotAt: null });
    // At the next slot's time a paused series makes nothing; once resumed it does.
    const slots = worker.get(PulseSlotsService);
    const nextAt = new Date(campaign.slot_start.getTime() + 7 * DAY + 60_000);
    expect(await slots.runDue(paused.id, nextAt)).toBeNull();
    expect(await slots.dueSeriesIds(nextAt)).not.toContain(paused.id);
    expect(await campaignsOf(paused.id)).toHaveLength(1);
    await env.http().post(`/api/v1/pulse-series/${paused.id}/resume`).set(auth).expect(200);
    expect(await slots.dueSeriesIds(nextAt)).toContain(paused.id);
    expect(await slots.runDue(paused.id, nextAt)).toEqual(expect.any(String));
    const rows = await campaignsOf(paused.id);
    expect(rows).toHaveLength(2);
    expect(rows[1].status).toBe('scheduled'); // its slot is still in the future for the database clock

    // Deleting stops future slots; the campaigns made stay.
    await env.http().delete(`/api/v1/pulse-series/${paused.id}`).set(auth).expect(204);
    expect(await slots.runDue(paused.id, nextAt)).toBeNull();
    expect(await slots.dueSeriesIds(nextAt)).not.toContain(paused.id);
    expect(await campaignsOf(paused.id)).toHaveLength(2);
  });

  it('rotates items over eight consecutive slot campaigns: every dimension each time, items equally often', async () => {
    const startAt = new Date(Date.now() + 3 * DAY);
    const series = (await createSeries({ name: 'Rotation', startAt: startAt.toISOString(), itemsPerPulse: 8, durationDays: 2 }).expect(201)).body;
    const slots = worker.get(PulseSlotsService);
    const rule = { cadence: 'weekly' as const, startAt, timeZone: PARIS };
    for (let k = 0; k < 8; k++) await slots.createSlotCampaign(series.id, slotStart(rule, k));
    // Asking again for a slot gives the same campaign.
    await slots.createSlotCampaign(series.id, slotStart(rule, 3));
    await expect(slots.createSlotCampaign(series.id, new Date(startAt.getTime() + 3600_000))).rejects.toThrow();

    const rows = await campaignsOf(series.id);
    expect(rows).toHaveLength(8);
    const bank: Array<{ key: string; dimension: string }> = await env.db.query(`SELECT key, dimension FROM questions WHERE scale = 'agree7' ORDER BY position`);
    const dimensionOf = new Map(bank.map((q) => [q.key, q.dimension]));
    const count = new Map(AGREE_KEYS.map((k) => [k, 0]));
    for (const [k, row] of rows.entries()) {
      expect(row.status).toBe('scheduled');
      expect(row.slot_start.getTime()).toBe(slotStart(rule, k).getTime());
      const local = toLocal(row.slot_start, PARIS);
      expect([local.hour, local.minute]).toEqual([toLocal(startAt, PARIS).hour, toLocal(startAt, PARIS).minute]);
      expect(row.question_keys).toHaveLength(8);
      expect(new Set(row.question_keys.map((key) => dimensionOf.get(key)))).toEqual(new Set(DIMENSIONS));
      for (const key of row.question_keys) count.set(key, count.get(key)! + 1);
      for (const dimension of DIMENSIONS) {
        const values = bank.filter((q) => q.dimension === dimension).map((q) => count.get(q.key)!);
        expect(Math.max(...values) - Math.min(...values)).toBeLessThanOrEqual(1);
      }
    }
    // Quotas at 8 items are 3/2/1/1/1; after eight pulses learning, repair and co-creation items were each asked twice.
    for (const dimension of ['learning', 'repair', 'co_creation']) {
      expect(bank.filter((q) => q.dimension === dimension).map((q) => count.get(q.key))).toEqual([2, 2, 2, 2]);
    }
    // Pulses one cycle apart ask identical items of a dimension, so their deltas compare like with like.
    const learningOf = (k: number) => rows[k].question_keys.filter((key) => dimensionOf.get(key) === 'learning');
    expect(learningOf(4)).toEqual(learningOf(0));
    expect(currentSlot({ ...rule, durationDays: 2 }, new Date())).toBeNull();
  });
});
