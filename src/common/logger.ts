import { LoggerService } from '@nestjs/common';
import pino, { Logger } from 'pino';

/**
 * Structured JSON logs. Request logs carry the route pattern (`/s/:token`), never the path,
 * and credentials are redacted wherever they might appear.
 */
export function createLogger({ level = 'info', buffered = false }: { level?: string; buffered?: boolean } = {}): Logger {
  const options = {
    level,
    base: { pid: process.pid },
    redact: {
      paths: ['req.headers.authorization', 'req.headers.cookie', 'headers.authorization', 'headers.cookie', '*.token', 'token'],
      censor: '[redacted]',
    },
  };
  // The API writes a line per request: buffered, that is one write per few kilobytes instead of
  // one per request (pino flushes what is left when the process exits).
  return pino(options, pino.destination({ sync: !buffered }));
}

/** Lets Nest's own messages go through the same pino logger. */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  log(message: unknown, context?: string) {
    // Nest's start-up inventory is noise at info level.
    const chatty = context === 'InstanceLoader' || context === 'RoutesResolver' || context === 'RouterExplorer';
    this.logger[chatty ? 'debug' : 'info']({ context }, String(message));
  }
  error(message: unknown, trace?: string, context?: string) {
    this.logger.error({ context, trace }, String(message));
  }
  warn(message: unknown, context?: string) {
    this.logger.warn({ context }, String(message));
  }
  debug(message: unknown, context?: string) {
    this.logger.debug({ context }, String(message));
  }
  verbose(message: unknown, context?: string) {
    this.logger.trace({ context }, String(message));
  }
}
