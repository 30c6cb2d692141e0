/**
 * Every queue and job Rapport runs, declared once: a job name maps to one queue and one
 * payload type. Payloads carry ids only, never entities, tokens or email addresses.
 */
export const QUEUE_NAMES = ['campaigns', 'mail', 'scoring', 'reports', 'reconcile'] as const;
export type QueueName = (typeof QUEUE_NAMES)[number];

export interface JobPayloads {
  /**
   * `openCampaignId`: the outbox partition (null: the general one); `attempt`: the row's
   * attempts when queued, so a retry is a new job; `bulk`: a campaign's invitations and reminders.
   */
  'mail.send': { outboxId: string; openCampaignId: string | null; attempt: number; bulk: boolean };
  'reconcile.pass': Record<string, never>;
  'campaigns.open': { campaignId: string };
  'campaigns.close': { campaignId: string };
  'campaigns.remind': { campaignId: string; round: number };
  'campaigns.pulse': { seriesId: string };
  'scoring.score': { campaignId: string };
  'reports.write': { campaignId: string };
}
export type JobName = keyof JobPayloads;

export const JOB_QUEUE: { [N in JobName]: QueueName } = {
  'mail.send': 'mail',
  'reconcile.pass': 'reconcile',
  'campaigns.open': 'campaigns',
  'campaigns.close': 'campaigns',
  'campaigns.remind': 'campaigns',
  'campaigns.pulse': 'campaigns',
  'scoring.score': 'scoring',
  'reports.write': 'reports',
};

/**
 * Deterministic ids make enqueueing idempotent (BullMQ ignores an id already waiting);
 * BullMQ forbids ':' in custom ids.
 */
export function jobId<N extends JobName>(name: N, payload: JobPayloads[N], suffix?: string): string {
  const parts = [name.replace('.', '-'), ...Object.values(payload).map(String)];
  if (suffix) parts.push(suffix);
  return parts.join('-').replace(/:/g, '_');
}

/**
 * BullMQ runs jobs without a priority before any prioritized job: a sign-in link, a report or
 * a link someone asked for again never waits behind a campaign's thousands of invitations.
 */
export function jobPriority<N extends JobName>(name: N, payload: JobPayloads[N]): number | undefined {
  if (name === 'mail.send' && (payload as JobPayloads['mail.send']).bulk) return 10;
  return undefined;
}
