import { createHmac } from 'node:crypto';
import { sha256, unseal } from '../common/crypto';

/**
 * The personal link's token: base64url(campaign id ‖ HMAC-SHA256(campaign key, invitation id)).
 * Deterministic, so a lost link can be re-sent unchanged, and it carries nothing personal.
 * Only its SHA-256 is stored, in the campaign's open-phase partition, dropped at close.
 */
const TOKEN_BYTES = 16 + 32;
const TOKEN_FORMAT = /^[A-Za-z0-9_-]{64}$/;

function uuidBytes(uuid: string): Buffer {
  return Buffer.from(uuid.replace(/-/g, ''), 'hex');
}

function bytesUuid(bytes: Buffer): string {
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export function createToken(campaignId: string, campaignKey: Buffer, invitationId: string): string {
  const mac = createHmac('sha256', campaignKey).update(invitationId).digest();
  return Buffer.concat([uuidBytes(campaignId), mac]).toString('base64url');
}

export function tokenHash(token: string): Buffer {
  return sha256(Buffer.from(token, 'base64url'));
}

/** The campaign a token claims to belong to and the hash to look it up by; null if malformed. */
export function parseToken(token: string): { campaignId: string; hash: Buffer } | null {
  if (typeof token !== 'string' || !TOKEN_FORMAT.test(token)) return null;
  const bytes = Buffer.from(token, 'base64url');
  if (bytes.length !== TOKEN_BYTES || bytes.toString('base64url') !== token) return null;
  return { campaignId: bytesUuid(bytes.subarray(0, 16)), hash: sha256(bytes) };
}

/**
 * The personal links of some invitations, from the campaign key as stored (sealed under the
 * master key). The unsealed key lives only for the duration of this call.
 */
export function personalTokens(masterKey: Buffer, sealedCampaignKey: Buffer, campaignId: string, invitationIds: string[]): string[] {
  const key = unseal(masterKey, sealedCampaignKey);
  try {
    return invitationIds.map((id) => createToken(campaignId, key, id));
  } finally {
    key.fill(0);
  }
}
