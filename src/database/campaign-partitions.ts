import { isUuid } from '../common/formats';

/**
 * The name of one campaign's LIST partition of a parent table (open phase, outbox). Safe to
 * write into SQL: DDL takes no bind parameters, and naming the partition directly keeps a
 * statement off the parent's locks; the id is checked to be a lower-case uuid.
 */
export function campaignPartition(parent: string, campaignId: string): string {
  if (!isUuid(campaignId)) throw new Error('campaign id must be a lower-case uuid');
  return `${parent}_${campaignId.replace(/-/g, '')}`;
}
