import { createHash } from 'node:crypto';
import nodemailer, { Transporter } from 'nodemailer';
import type { RapportConfig } from '../config/config';

/** Where mail goes: SMTP_URL, or the development mail catcher of the API when there is none. */
export function smtpTarget(config: RapportConfig): string {
  return config.smtpUrl ?? `smtp://127.0.0.1:${config.devSmtpPort}`;
}

/**
 * One pool per worker process: MAIL_POOL_SIZE connections, at most MAIL_RATE_PER_SECOND
 * messages a second across them (none when 0). A connection is kept for as many messages as
 * the relay accepts: reconnecting every 100 (nodemailer's default) costs a handshake each time.
 */
export function createMailTransport(config: RapportConfig): Transporter {
  return nodemailer.createTransport({
    url: smtpTarget(config),
    pool: true,
    maxConnections: config.mailPoolSize,
    maxMessages: Infinity,
    ...(config.mailRatePerSecond > 0 ? { rateLimit: config.mailRatePerSecond, rateDelta: 1000 } : {}),
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  });
}

/** The same dedupe key always gives the same Message-ID, so a receiving system can spot a copy. */
export function messageIdFor(dedupeKey: string, mailFrom: string): string {
  const domain = /@([^@\s>]+)/.exec(mailFrom)?.[1] ?? 'rapport.local';
  return `<${createHash('sha256').update(dedupeKey).digest('hex').slice(0, 40)}@${domain}>`;
}

export interface SmtpFailure {
  permanent: boolean;
  /** For the outbox row's last_error: the SMTP code and reply, never the message content. */
  description: string;
}

/**
 * 5xx replies are permanent (the server will never accept this message); 4xx replies,
 * connection errors and timeouts are temporary and retried with backoff.
 */
export function classifySmtpError(error: unknown): SmtpFailure {
  const e = error as { responseCode?: unknown; code?: unknown; response?: unknown; message?: unknown };
  const code = typeof e?.responseCode === 'number' ? e.responseCode : null;
  const reply = typeof e?.response === 'string' ? e.response : typeof e?.message === 'string' ? e.message : String(error);
  const description = `${code ?? (typeof e?.code === 'string' ? e.code : 'error')}: ${reply}`.replace(/\s+/g, ' ').slice(0, 500);
  return { permanent: code !== null && code >= 500 && code < 600, description };
}
