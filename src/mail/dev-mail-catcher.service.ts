import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { SMTPServer } from 'smtp-server';
import { RapportConfig } from '../config/config';
import { CONFIG } from '../config/config.module';
import { parseMessage, ParsedMessage } from './mime-lite';

export const DEV_MAIL_KEEP = 200;

export interface CaughtMessage extends ParsedMessage {
  id: string;
  envelopeTo: string[];
  receivedAt: Date;
}

/**
 * Outside production with no SMTP_URL, the API process runs this SMTP listener on
 * 127.0.0.1:DEV_SMTP_PORT; the workers send there, and /dev/mail shows the last messages.
 * Nothing is stored: a restart forgets the caught mail.
 */
@Injectable()
export class DevMailCatcher implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('DevMail');
  private server: SMTPServer | null = null;
  private readonly caught: CaughtMessage[] = [];

  constructor(@Inject(CONFIG) private readonly config: RapportConfig) {}

  get running(): boolean {
    return this.server !== null;
  }

  /** Newest first. */
  messages(): CaughtMessage[] {
    return [...this.caught].reverse();
  }

  async onModuleInit(): Promise<void> {
    if (!this.config.devMailCatcher || this.config.env === 'production') return;
    // Loaded only here, so production never even requires the listener.
    const { SMTPServer } = await import('smtp-server');
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      size: 5 * 1024 * 1024,
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          this.keep(Buffer.concat(chunks).toString('utf8'), session.envelope.rcptTo.map((r) => r.address));
          callback();
        });
      },
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.config.devSmtpPort, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    }).catch((error: Error) => {
      throw new Error(`the development mail catcher cannot listen on 127.0.0.1:${this.config.devSmtpPort} (${error.message}); set DEV_SMTP_PORT or SMTP_URL`);
    });
    server.on('error', (error) => this.logger.warn(`mail catcher: ${error.message}`));
    this.server = server;
    this.logger.log(`development mail catcher on 127.0.0.1:${this.config.devSmtpPort}; caught mail at ${this.config.publicUrl}/dev/mail`);
  }

  async onApplicationShutdown(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private keep(raw: string, envelopeTo: string[]): void {
    this.caught.push({ id: randomUUID(), envelopeTo, receivedAt: new Date(), ...parseMessage(raw) });
    if (this.caught.length > DEV_MAIL_KEEP) this.caught.splice(0, this.caught.length - DEV_MAIL_KEEP);
  }
}
