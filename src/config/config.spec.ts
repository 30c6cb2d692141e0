import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from './config';
import { ConfigError } from './config-error';

const KEY = randomBytes(32).toString('base64');

/** Runs loadConfig and returns the ConfigError it throws (failing the test if it does not). */
function configError(env: NodeJS.ProcessEnv): ConfigError {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).not.toContain('\n');
    return error as ConfigError;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('has working defaults for development', () => {
    const config = loadConfig({ RAPPORT_MASTER_KEY: KEY });
    expect(config).toMatchObject({
      env: 'development',
      port: 3000,
      databaseUrl: 'postgres://postgres@127.0.0.1:5432/rapport',
      redisUrl: 'redis://127.0.0.1:6379',
      smtpUrl: null,
      publicUrl: 'http://localhost:3000',
      queuePrefix: 'rapport',
      databasePoolSize: 20,
    });
    expect(config.mailFrom).toContain('@');
    expect(config.masterKey).toEqual(Buffer.from(KEY, 'base64'));
  });

  it('reads and trims the given values, dropping trailing slashes from URLs', () => {
    const config = loadConfig({
      NODE_ENV: 'production',
      PORT: ' 8080 ',
      DATABASE_URL: 'postgresql://u:p@db:5432/rapport',
      SMTP_URL: 'smtps://mail.example.com:465',
      PUBLIC_URL: 'https://rapport.example.com/',
      QUEUE_PREFIX: 'rapport-prod_1',
      RAPPORT_MASTER_KEY: KEY,
    });
    expect(config).toMatchObject({
      env: 'production',
      port: 8080,
      databaseUrl: 'postgresql://u:p@db:5432/rapport',
      smtpUrl: 'smtps://mail.example.com:465',
      publicUrl: 'https://rapport.example.com',
      queuePrefix: 'rapport-prod_1',
    });
  });

  it('sizes the database pool per process', () => {
    expect(loadConfig({ DATABASE_POOL_SIZE: ' 5 ', RAPPORT_MASTER_KEY: KEY }).databasePoolSize).toBe(5);
  });

  it.each(['0', '1001', 'ten', '2.5', '-3'])('refuses DATABASE_POOL_SIZE=%s', (size) => {
    expect(configError({ DATABASE_POOL_SIZE: size, RAPPORT_MASTER_KEY: KEY }).message).toMatch(/^DATABASE_POOL_SIZE must be an integer/);
  });

  it.each(['abc', '0', '65536', '80.5', '-1', '3000abc'])('refuses PORT=%s', (port) => {
    expect(configError({ PORT: port, RAPPORT_MASTER_KEY: KEY }).message).toMatch(/^PORT must be an integer/);
  });

  it.each(['not a url', 'mysql://db/rapport', 'http://db/rapport'])('refuses DATABASE_URL=%s', (databaseUrl) => {
    expect(configError({ DATABASE_URL: databaseUrl, RAPPORT_MASTER_KEY: KEY }).message).toMatch(/^DATABASE_URL /);
  });

  it.each(['has space', 'a:b', 'x'.repeat(65), 'dots.not.allowed'])('refuses QUEUE_PREFIX=%s', (prefix) => {
    expect(configError({ QUEUE_PREFIX: prefix, RAPPORT_MASTER_KEY: KEY }).message).toMatch(/^QUEUE_PREFIX /);
  });

  it('reads the mail rate and pool size, 0 meaning no rate limit', () => {
    expect(loadConfig({ RAPPORT_MASTER_KEY: KEY })).toMatchObject({ mailRatePerSecond: 20, mailPoolSize: 5 });
    expect(loadConfig({ RAPPORT_MASTER_KEY: KEY, MAIL_RATE_PER_SECOND: '0', MAIL_POOL_SIZE: ' 12 ' })).toMatchObject({ mailRatePerSecond: 0, mailPoolSize: 12 });
  });

  it.each(['-1', '2.5', 'fast', '100001'])('refuses MAIL_RATE_PER_SECOND=%s', (rate) => {
    expect(configError({ MAIL_RATE_PER_SECOND: rate, RAPPORT_MASTER_KEY: KEY }).message).toMatch(/^MAIL_RATE_PER_SECOND must be an integer/);
  });

  it.each(['0', '101', 'x', '1.5'])('refuses MAIL_POOL_SIZE=%s', (size) => {
    expect(configError({ MAIL_POOL_SIZE: size, RAPPORT_MASTER_KEY: KEY }).message).toMatch(/^MAIL_POOL_SIZE must be an integer/);
  });

  it('takes a pino level for LOG_LEVEL, info by default, and refuses any other word', () => {
    expect(loadConfig({ RAPPORT_MASTER_KEY: KEY }).logLevel).toBe('info');
    expect(loadConfig({ LOG_LEVEL: ' Warn ', RAPPORT_MASTER_KEY: KEY }).logLevel).toBe('warn');
    expect(configError({ LOG_LEVEL: 'verbose', RAPPORT_MASTER_KEY: KEY }).message).toMatch(/^LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent/);
  });

  it('trusts no proxy unless told which: a number of hops or proxy addresses and ranges', () => {
    expect(loadConfig({ RAPPORT_MASTER_KEY: KEY }).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: '1', RAPPORT_MASTER_KEY: KEY }).trustProxy).toBe(1);
    expect(loadConfig({ TRUST_PROXY: '10.0.0.0/8, 127.0.0.1, ::1', RAPPORT_MASTER_KEY: KEY }).trustProxy).toEqual(['10.0.0.0/8', '127.0.0.1', '::1']);
    // "true" would believe any client's X-Forwarded-For and let a guesser pick its own address.
    for (const value of ['true', '0', '11', '10.0.0.0/33', 'proxy.internal', '10.0.0.1/8/2']) {
      expect(configError({ TRUST_PROXY: value, RAPPORT_MASTER_KEY: KEY }).message).toMatch(/^TRUST_PROXY /);
    }
  });

  it('keeps /metrics closed without a long enough METRICS_TOKEN', () => {
    expect(loadConfig({ RAPPORT_MASTER_KEY: KEY }).metricsToken).toBeNull();
    expect(configError({ METRICS_TOKEN: 'short', RAPPORT_MASTER_KEY: KEY }).message).toMatch(/^METRICS_TOKEN /);
  });

  it('refuses an unknown NODE_ENV', () => {
    expect(configError({ NODE_ENV: 'staging', RAPPORT_MASTER_KEY: KEY }).message).toMatch(/^NODE_ENV /);
  });

  it('requires SMTP_URL in production', () => {
    expect(configError({ NODE_ENV: 'production', RAPPORT_MASTER_KEY: KEY }).message).toBe('SMTP_URL is required when NODE_ENV=production');
  });

  it('requires the master key in production rather than writing a file', () => {
    expect(configError({ NODE_ENV: 'production', SMTP_URL: 'smtp://mail:25' }).message).toBe(
      'RAPPORT_MASTER_KEY is required when NODE_ENV=production',
    );
  });

  it.each([
    ['16 bytes', randomBytes(16).toString('base64')],
    ['33 bytes', randomBytes(33).toString('base64')],
    ['not base64', '!'.repeat(44)],
  ])('refuses a RAPPORT_MASTER_KEY of %s', (_, key) => {
    expect(configError({ RAPPORT_MASTER_KEY: key }).message).toBe('RAPPORT_MASTER_KEY must be 32 bytes encoded in base64');
  });
});

describe('development master key file', () => {
  const cwd = process.cwd();
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'rapport-key-'));
    process.chdir(dir);
  });
  afterEach(() => {
    process.chdir(cwd);
    rmSync(dir, { recursive: true, force: true });
  });

  /** A fresh copy of the modules, so DEV_MASTER_KEY_FILE is computed in the current directory. */
  function freshLoadConfig(): typeof loadConfig {
    let fresh!: typeof loadConfig;
    jest.isolateModules(() => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- isolateModules needs a synchronous load
      fresh = (require('./config') as typeof import('./config')).loadConfig;
    });
    return fresh;
  }

  it('creates the key once and returns the same key on the next start', () => {
    const first = freshLoadConfig()({}).masterKey;
    const second = freshLoadConfig()({}).masterKey;
    expect(first).toHaveLength(32);
    expect(second.equals(first)).toBe(true);
    expect(Buffer.from(readFileSync(join(dir, '.rapport-master-key'), 'utf8').trim(), 'base64').equals(first)).toBe(true);
  });

  it('prefers RAPPORT_MASTER_KEY over the file', () => {
    freshLoadConfig()({});
    expect(freshLoadConfig()({ RAPPORT_MASTER_KEY: KEY }).masterKey).toEqual(Buffer.from(KEY, 'base64'));
  });
});
