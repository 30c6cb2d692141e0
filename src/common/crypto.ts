import { createCipheriv, createDecipheriv, hash, randomBytes } from 'node:crypto';

/** AES-256-GCM under the master key: `iv ‖ tag ‖ ciphertext`. Used for campaign keys and for
 * sign-in tokens waiting in the outbox. */
export function seal(masterKey: Buffer, plaintext: Buffer): Buffer {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', masterKey, iv);
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]);
}

export function unseal(masterKey: Buffer, sealed: Buffer): Buffer {
  const decipher = createDecipheriv('aes-256-gcm', masterKey, sealed.subarray(0, 12));
  decipher.setAuthTag(sealed.subarray(12, 28));
  return Buffer.concat([decipher.update(sealed.subarray(28)), decipher.final()]);
}

/** One-shot: no Hash object per call (every answer hashes its token). */
export function sha256(value: string | Buffer): Buffer {
  return hash('sha256', value, 'buffer');
}

/** A random URL-safe secret of `bytes` bytes (32 = 256 bits). */
export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}
