import { randomBytes, randomUUID } from 'node:crypto';
import { createToken, parseToken, tokenHash } from './tokens';

describe('personal link tokens', () => {
  const campaignId = randomUUID();
  const key = randomBytes(32);
  const invitationId = randomUUID();

  it('is the same link every time for one invitation, so a lost link can be re-sent unchanged', () => {
    expect(createToken(campaignId, key, invitationId)).toBe(createToken(campaignId, key, invitationId));
    expect(createToken(campaignId, key, invitationId)).toMatch(/^[A-Za-z0-9_-]{64}$/);
  });

  it('differs between invitations and between campaign keys', () => {
    const token = createToken(campaignId, key, invitationId);
    expect(createToken(campaignId, key, randomUUID())).not.toBe(token);
    expect(createToken(campaignId, randomBytes(32), invitationId)).not.toBe(token);
  });

  it('names its campaign and hashes to the stored lookup value', () => {
    const token = createToken(campaignId, key, invitationId);
    const parsed = parseToken(token);
    expect(parsed?.campaignId).toBe(campaignId);
    expect(parsed?.hash.equals(tokenHash(token))).toBe(true);
  });

  it('carries nothing personal: the invitation id cannot be read from it', () => {
    const token = createToken(campaignId, key, invitationId);
    const bytes = Buffer.from(token, 'base64url');
    expect(bytes.toString('hex')).not.toContain(invitationId.replace(/-/g, ''));
  });

  it('rejects malformed tokens', () => {
    expect(parseToken('')).toBeNull();
    expect(parseToken('abc')).toBeNull();
    expect(parseToken('!'.repeat(64))).toBeNull();
    expect(parseToken(createToken(campaignId, key, invitationId) + 'A')).toBeNull();
  });
});
