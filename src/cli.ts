import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { parseArgs, ParseArgsConfig } from 'node:util';
import { Client } from 'pg';
import { CliModule } from './cli.module';
import { loadConfig, RapportConfig } from './config/config';
import { ConfigError } from './config/config-error';
import { isTimeZone } from './common/validators';
import { migrate } from './database/migrate';
import { DemoSeeded, DemoSeedService } from './demo/demo-seed.service';
import { OutboxService } from './mail/outbox.service';
import { OrganizationsService } from './organizations/organizations.service';
import { redisConnection } from './queues/redis';
import { MagicLinksService } from './sign-in/magic-links.service';
import { UsersService } from './people/users.service';
import { isEmailAddress } from './common/formats';

const USAGE = `usage: rapport <command>
  migrate                                              apply pending migrations (creates the database if needed)
  init --org <name> --admin-email <email> [--admin-name <name>] [--timezone <IANA>]
                                                       an organization and its first HR admin; prints {orgId,userId,apiKey}
  first-run                                            on an empty database only: sets up a first organization to try Rapport
  login-link --email <email>                           prints a fresh sign-in link (15 minutes, single use) per organization
  mail retry [--failed]                                queues now the mail waiting out a backoff after a temporary failure;
                                                       with --failed, mail that failed for good too (sign-in links excepted)
  api-key --email <email> [--label <label>] [--org <name>]
                                                       prints a new API key for an existing user (a lost key is replaced)`;

class UsageError extends Error {}

function describeDemo(demo: DemoSeeded, config: RapportConfig): string {
  return [
    `rapport: demo organization ready: three past campaigns; the worker scores them and mails the reports.`,
    `rapport: HR admin ${demo.adminEmail}, API key (shown once): ${demo.apiKey}`,
    demo.signInLink ? `rapport: sign in (15 minutes, once): ${demo.signInLink}` : '',
    `rapport: then open ${config.publicUrl}/dashboard/org; caught mail is at ${config.publicUrl}/dev/mail;` +
      ` a fresh link: node dist/cli.js login-link --email ${demo.adminEmail}`,
  ]
    .filter(Boolean)
    .join('\n');
}

/** parseArgs throws a TypeError on an unknown or valueless option; that is a usage mistake (exit 2). */
function parseOptions<O extends ParseArgsConfig['options']>(args: string[], options: O) {
  try {
    return parseArgs({ args, options, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/** Seconds, not TypeORM's nine retries three seconds apart: someone is waiting at a prompt. */
const CONNECT_TIMEOUT_MS = 5_000;

/**
 * One quick connection before anything else, so an unreachable server is one line within
 * seconds. `migrate` creates a missing database, so for it "does not exist" is an answer too.
 */
async function checkDatabase(databaseUrl: string, { missingIsFine }: { missingIsFine: boolean }): Promise<void> {
  const client = new Client({ connectionString: databaseUrl, connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
  try {
    await client.connect();
  } catch (error) {
    if ((error as { code?: string }).code === '3D000' && missingIsFine) return;
    const { hostname, port, pathname } = new URL(databaseUrl);
    throw new Error(`cannot use the database ${pathname.slice(1)} at ${hostname}:${port || 5432}: ${(error as Error).message}`);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** The demo and `mail retry` enqueue jobs: without Redis they would wait for it forever. */
async function checkRedis(redisUrl: string): Promise<void> {
  const redis = redisConnection(redisUrl, { lazyConnect: true, connectTimeout: CONNECT_TIMEOUT_MS, maxRetriesPerRequest: 0, retryStrategy: () => null });
  let cause: Error | undefined; // the socket's error says more than connect()'s "Connection is closed"
  redis.on('error', (error: Error) => (cause ??= error));
  try {
    await redis.connect();
  } catch (error) {
    const { hostname, port } = new URL(redisUrl);
    throw new Error(`cannot reach Redis at ${hostname}:${port || 6379}: ${(cause ?? (error as Error)).message}`);
  } finally {
    redis.disconnect();
  }
}

async function withContext<T>(config: RapportConfig, work: (get: <S>(type: new (...args: never[]) => S) => S) => Promise<T>) {
  await checkDatabase(config.databaseUrl, { missingIsFine: false });
  // abortOnError: false, so a failure reaches main's one-line report instead of Nest's
  // process.exit(1); 'error' is left out of the log levels for the same reason (its stack).
  const app = await NestFactory.createApplicationContext(CliModule.forRoot(config), { logger: ['warn'], abortOnError: false });
  try {
    return await work((type) => app.get(type));
  } finally {
    await app.close();
  }
}

/** Each command checks its arguments before any configuration or connection is touched. */
async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'migrate': {
      parseOptions(rest, {});
      const config = loadConfig();
      await checkDatabase(config.databaseUrl, { missingIsFine: true });
      const applied = await migrate(config);
      process.stdout.write(applied.length ? `applied: ${applied.join(', ')}\n` : 'database is up to date\n');
      return;
    }
    case 'init': {
      const { values } = parseOptions(rest, {
        org: { type: 'string' },
        'admin-email': { type: 'string' },
        'admin-name': { type: 'string' },
        timezone: { type: 'string' },
      });
      const email = values['admin-email']?.trim().toLowerCase();
      if (!values.org?.trim() || !email || !isEmailAddress(email)) {
        throw new UsageError('init needs --org <name> and a valid --admin-email <email>');
      }
      if (values.timezone !== undefined && !isTimeZone(values.timezone)) {
        throw new UsageError(`--timezone must be an IANA time zone such as Europe/Paris`);
      }
      const created = await withContext(loadConfig(), (get) =>
        get(OrganizationsService).createWithAdmin({
          name: values.org!.trim(),
          adminEmail: email,
          adminName: values['admin-name']?.trim() || email.split('@')[0],
          timezone: values.timezone,
        }),
      );
      process.stdout.write(JSON.stringify(created) + '\n');
      return;
    }
    case 'seed-demo':
    case 'first-run': {
      parseOptions(rest, {});
      const config = loadConfig();
      await checkRedis(config.redisUrl);
      const message = await withContext(config, async (get) => {
        const demo = get(DemoSeedService);
        if (command === 'first-run' && (await get(OrganizationsService).any())) return 'rapport: existing data kept';
        if (await demo.exists()) throw new Error('the demo organization already exists; nothing was changed');
        return describeDemo(await demo.seed(), config);
      });
      process.stdout.write(message + '\n');
      return;
    }
    case 'login-link': {
      const { values } = parseOptions(rest, { email: { type: 'string' } });
      const email = values.email?.trim().toLowerCase();
      if (!email || !isEmailAddress(email)) throw new UsageError('login-link needs a valid --email <email>');
      const links = await withContext(loadConfig(), (get) => get(MagicLinksService).issueForEmail(email));
      if (links.length === 0) throw new Error(`no user with the email ${email} in any organization`);
      process.stdout.write(links.map((l) => (links.length > 1 ? `${l.orgName}: ${l.url}` : l.url)).join('\n') + '\n');
      return;
    }
    case 'mail': {
      const [action, ...options] = rest;
      if (action !== 'retry') throw new UsageError('mail needs the action "retry"');
      const { values } = parseOptions(options, { failed: { type: 'boolean' } });
      const config = loadConfig();
      await checkRedis(config.redisUrl);
      const result = await withContext(config, (get) => get(OutboxService).retryNow(values.failed ?? false));
      process.stdout.write(JSON.stringify(result) + '\n');
      return;
    }
    case 'api-key': {
      const { values } = parseOptions(rest, { email: { type: 'string' }, label: { type: 'string' }, org: { type: 'string' } });
      const email = values.email?.trim().toLowerCase();
      if (!email || !isEmailAddress(email)) throw new UsageError('api-key needs a valid --email <email>');
      const label = values.label?.trim();
      if (label !== undefined && (label.length < 1 || label.length > 100 || /[\r\n]/.test(label))) {
        throw new UsageError('--label must be one line of 1 to 100 characters');
      }
      const created = await withContext(loadConfig(), (get) => get(UsersService).createApiKeyForEmail(email, label ?? 'created by the command line', values.org?.trim()));
      process.stdout.write(`${created.key}\n`);
      return;
    }
    default:
      throw new UsageError(command ? `unknown command "${command}"` : 'no command given');
  }
}

main(process.argv.slice(2)).then(
  () => process.exit(0),
  (error: Error) => {
    // One line: the first line of the message, never a stack.
    const message = String(error.message).split('\n')[0];
    if (error instanceof UsageError) process.stderr.write(`rapport: ${message}\n${USAGE}\n`);
    else if (error instanceof ConfigError) process.stderr.write(`rapport: configuration error: ${message}\n`);
    else process.stderr.write(`rapport: ${message}\n`);
    process.exit(error instanceof UsageError ? 2 : 1);
  },
);
