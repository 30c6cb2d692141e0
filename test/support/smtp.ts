import { simpleParser, ParsedMail } from 'mailparser';
import { AddressInfo } from 'node:net';
import { SMTPServer, SMTPServerOptions } from 'smtp-server';

export interface CaughtMail {
  to: string[];
  subject: string;
  text: string;
  html: string;
  messageId: string | undefined;
  raw: ParsedMail;
}

/**
 * A real SMTP listener for tests. `failNext(code, times)` answers the next deliveries with an
 * SMTP error (4xx temporary or 5xx permanent) before accepting again; `stall` takes each
 * message and never answers (a sender stuck mid-send).
 */
export class SmtpSink {
  readonly messages: CaughtMail[] = [];
  private server!: SMTPServer;
  private failures: Array<{ code: number; message: string }> = [];
  private waiters: Array<() => void> = [];
  port = 0;
  stall = false;
  /** Messages taken while stalling, never answered. */
  stalled = 0;

  async start(): Promise<this> {
    const options: SMTPServerOptions = {
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        // A listener's promise is ignored by the stream: a parse failure is answered to the client.
        stream.on('end', () => void (async () => {
          if (this.stall) {
            this.stalled += 1;
            return;
          }
          const failure = this.failures.shift();
          if (failure) {
            const error = Object.assign(new Error(failure.message), { responseCode: failure.code });
            return callback(error);
          }
          const parsed = await simpleParser(Buffer.concat(chunks));
          this.messages.push({
            to: session.envelope.rcptTo.map((r) => r.address),
            subject: parsed.subject ?? '',
            text: parsed.text ?? '',
            html: typeof parsed.html === 'string' ? parsed.html : '',
            messageId: parsed.messageId,
            raw: parsed,
          });
          callback();
          this.waiters.splice(0).forEach((w) => w());
        })().catch((error: Error) => callback(error)));
      },
    };
    this.server = new SMTPServer(options);
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.server.address() as AddressInfo).port;
    return this;
  }

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  failNext(code: number, times = 1, message = code >= 500 ? 'Mailbox unavailable' : 'Try again later'): void {
    for (let i = 0; i < times; i++) this.failures.push({ code, message });
  }

  /** Ends an outage begun with failNext or stall: every delivery is accepted again. */
  answerNormally(): void {
    this.failures.length = 0;
    this.stall = false;
  }

  to(address: string): CaughtMail[] {
    return this.messages.filter((m) => m.to.includes(address.toLowerCase()));
  }

  /** Resolves once at least `count` messages match, or rejects after `timeoutMs`. */
  async waitFor(predicate: (m: CaughtMail) => boolean, count = 1, timeoutMs = 15000): Promise<CaughtMail[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.messages.filter(predicate);
      if (found.length >= count) return found;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`expected ${count} matching message(s), caught ${found.length} of ${this.messages.length}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(left, 250));
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
