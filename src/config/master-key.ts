import { randomBytes } from 'node:crypto';
import { linkSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ConfigError } from './config-error';

/** Outside production the key lives in this git-ignored file so API and worker agree. */
export const DEV_MASTER_KEY_FILE = resolve(process.cwd(), '.rapport-master-key');

function decode(value: string, source: string): Buffer {
  const key = Buffer.from(value.trim(), 'base64');
  if (key.length !== 32 || !/^[A-Za-z0-9+/=_-]+$/.test(value.trim())) {
    throw new ConfigError(`${source} must be 32 bytes encoded in base64`);
  }
  return key;
}

export function loadMasterKey(fromEnv: string | undefined, production: boolean): Buffer {
  if (fromEnv?.trim()) return decode(fromEnv, 'RAPPORT_MASTER_KEY');
  if (production) throw new ConfigError('RAPPORT_MASTER_KEY is required when NODE_ENV=production');
  // Written whole under a private name (`wx`), then linked into place: link fails if another
  // process (API or worker starting at the same moment) won, and then we read theirs. A reader
  // never sees a half-written key.
  const draft = `${DEV_MASTER_KEY_FILE}.${process.pid}.${randomBytes(4).toString('hex')}`;
  try {
    writeFileSync(draft, randomBytes(32).toString('base64') + '\n', { flag: 'wx', mode: 0o600 });
    linkSync(draft, DEV_MASTER_KEY_FILE);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
      throw new ConfigError(`cannot create ${DEV_MASTER_KEY_FILE}: ${(error as Error).message}`);
    }
  } finally {
    try {
      unlinkSync(draft);
    } catch {
      // the draft was never written
    }
  }
  return decode(readFileSync(DEV_MASTER_KEY_FILE, 'utf8'), DEV_MASTER_KEY_FILE);
}
