import { isIP } from 'node:net';
import { ConfigError } from './config-error';
import { loadMasterKey } from './master-key';

/** pino's levels; `silent` writes nothing. */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

export interface RapportConfig {
  env: 'production' | 'development' | 'test';
  logLevel: (typeof LOG_LEVELS)[number];
  databaseUrl: string;
  /** Connections this process may hold to PostgreSQL (or to PgBouncer in front of it). */
  databasePoolSize: number;
  redisUrl: string;
  /** null outside production means "run the development mail catcher". */
  smtpUrl: string | null;
  mailFrom: string;
  publicUrl: string;
  port: number;
  /** Where the development mail catcher listens (127.0.0.1) when smtpUrl is null. */
  devSmtpPort: number;
  /** Run the development mail catcher in the API: no SMTP_URL, development (or test with DEV_SMTP_PORT set). */
  devMailCatcher: boolean;
  masterKey: Buffer;
  queuePrefix: string;
  /** Failed link look-ups (unknown, tampered links) a minute one client address may make. */
  answerRateLimit: number;
  /** Messages a second one worker may hand to the SMTP relay; 0 = no limit. */
  mailRatePerSecond: number;
  /** SMTP connections one worker keeps open to the relay. */
  mailPoolSize: number;
  /**
   * Which proxies' X-Forwarded-For to believe for the client address: false (none, the
   * default), a number of hops, or proxy addresses and CIDR ranges.
   */
  trustProxy: false | number | string[];
  /** Bearer token that /metrics requires; null means /metrics does not exist. */
  metricsToken: string | null;
}

/** A configuration value that is missing or malformed; the entry point prints it as one line. */

const NODE_ENVS = ['production', 'development', 'test'] as const;

function url(env: NodeJS.ProcessEnv, name: string, fallback: string | null, protocols: string[]): string | null {
  const raw = env[name]?.trim() || fallback;
  if (raw === null) return null;
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new ConfigError(`${name} is not a valid URL`);
  }
  if (!protocols.includes(parsed.protocol)) {
    throw new ConfigError(`${name} must use ${protocols.join(' or ')} (got ${parsed.protocol})`);
  }
  return raw.replace(/\/+$/, '');
}

function trustProxy(raw: string | undefined): RapportConfig['trustProxy'] {
  const value = raw?.trim() ?? '';
  if (value === '' || value === 'false') return false;
  if (/^\d+$/.test(value) && Number(value) >= 1 && Number(value) <= 10) return Number(value);
  const entries = value.split(',').map((e) => e.trim());
  const valid = entries.every((entry) => {
    const [address, bits, extra] = entry.split('/');
    const family = isIP(address);
    if (family === 0 || extra !== undefined) return false;
    return bits === undefined || (/^\d+$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128));
  });
  if (!valid) {
    throw new ConfigError('TRUST_PROXY must be false, a number of proxy hops (1–10), or comma-separated proxy addresses or CIDR ranges');
  }
  return entries;
}

/** The only reader of process.env: validates everything once, at start. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): RapportConfig {
  const nodeEnv = (env.NODE_ENV?.trim() || 'development') as RapportConfig['env'];
  if (!NODE_ENVS.includes(nodeEnv)) {
    throw new ConfigError(`NODE_ENV must be one of ${NODE_ENVS.join(', ')}`);
  }
  const production = nodeEnv === 'production';

  const portRaw = env.PORT?.trim() || '3000';
  const port = Number(portRaw);
  if (!/^\d+$/.test(portRaw) || port < 1 || port > 65535) {
    throw new ConfigError('PORT must be an integer between 1 and 65535');
  }

  const devSmtpPortRaw = env.DEV_SMTP_PORT?.trim() || '1025';
  const devSmtpPort = Number(devSmtpPortRaw);
  if (!/^\d+$/.test(devSmtpPortRaw) || devSmtpPort < 1 || devSmtpPort > 65535) {
    throw new ConfigError('DEV_SMTP_PORT must be an integer between 1 and 65535');
  }

  const rateRaw = env.ANSWER_RATE_LIMIT?.trim() || '60';
  const answerRateLimit = Number(rateRaw);
  if (!/^\d+$/.test(rateRaw) || answerRateLimit < 1) throw new ConfigError('ANSWER_RATE_LIMIT must be a positive integer (failed look-ups a minute)');

  const metricsToken = env.METRICS_TOKEN?.trim() || null;
  if (metricsToken !== null && metricsToken.length < 32) throw new ConfigError('METRICS_TOKEN must be at least 32 characters');

  const mailRateRaw = env.MAIL_RATE_PER_SECOND?.trim() || '20';
  const mailRatePerSecond = Number(mailRateRaw);
  if (!/^\d+$/.test(mailRateRaw) || mailRatePerSecond > 100_000) {
    throw new ConfigError('MAIL_RATE_PER_SECOND must be an integer from 0 (no limit) to 100000 (messages a second per worker)');
  }
  const mailPoolRaw = env.MAIL_POOL_SIZE?.trim() || '5';
  const mailPoolSize = Number(mailPoolRaw);
  if (!/^\d+$/.test(mailPoolRaw) || mailPoolSize < 1 || mailPoolSize > 100) {
    throw new ConfigError('MAIL_POOL_SIZE must be an integer from 1 to 100 (SMTP connections per worker)');
  }

  const poolRaw = env.DATABASE_POOL_SIZE?.trim() || '20';
  const databasePoolSize = Number(poolRaw);
  if (!/^\d+$/.test(poolRaw) || databasePoolSize < 1 || databasePoolSize > 1000) {
    throw new ConfigError('DATABASE_POOL_SIZE must be an integer between 1 and 1000 (connections per process)');
  }

  const smtpUrl = url(env, 'SMTP_URL', null, ['smtp:', 'smtps:']);
  if (production && !smtpUrl) throw new ConfigError('SMTP_URL is required when NODE_ENV=production');

  const queuePrefix = env.QUEUE_PREFIX?.trim() || 'rapport';
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(queuePrefix)) {
    throw new ConfigError('QUEUE_PREFIX may hold only letters, digits, "-" and "_" (at most 64)');
  }

  const logLevel = (env.LOG_LEVEL?.trim().toLowerCase() || 'info') as RapportConfig['logLevel'];
  if (!LOG_LEVELS.includes(logLevel)) throw new ConfigError(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}`);

  const mailFrom = env.MAIL_FROM?.trim() || 'Rapport <no-reply@rapport.local>';
  if (!/@[^@\s>]+/.test(mailFrom)) throw new ConfigError('MAIL_FROM must contain an email address');

  return {
    env: nodeEnv,
    logLevel,
    databaseUrl: url(env, 'DATABASE_URL', 'postgres://postgres@127.0.0.1:5432/rapport', ['postgres:', 'postgresql:'])!,
    databasePoolSize,
    redisUrl: url(env, 'REDIS_URL', 'redis://127.0.0.1:6379', ['redis:', 'rediss:'])!,
    smtpUrl,
    mailFrom,
    publicUrl: url(env, 'PUBLIC_URL', `http://localhost:${port}`, ['http:', 'https:'])!,
    port,
    devSmtpPort,
    devMailCatcher: !smtpUrl && (nodeEnv === 'development' || (nodeEnv === 'test' && Boolean(env.DEV_SMTP_PORT?.trim()))),
    masterKey: loadMasterKey(env.RAPPORT_MASTER_KEY, production),
    queuePrefix,
    answerRateLimit,
    mailRatePerSecond,
    mailPoolSize,
    trustProxy: trustProxy(env.TRUST_PROXY),
    metricsToken,
  };
}
