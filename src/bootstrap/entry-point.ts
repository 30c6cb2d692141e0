import { loadConfig, RapportConfig } from '../config/config';
import { ConfigError } from '../config/config-error';

/**
 * Shared start-up for the processes: a configuration error is one clear line and exit 1;
 * SIGTERM/SIGINT run the returned shutdown once, so in-flight requests and jobs finish.
 */
export function runEntryPoint(start: (config: RapportConfig) => Promise<() => Promise<void>>): void {
  let config: RapportConfig;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`rapport: configuration error: ${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  start(config).then(
    (shutdown) => {
      let stopping = false;
      const stop = (signal: string) => {
        if (stopping) return;
        stopping = true;
        process.stderr.write(`rapport: ${signal} received, shutting down\n`);
        shutdown().then(
          () => process.exit(0),
          () => process.exit(1),
        );
      };
      process.on('SIGTERM', () => stop('SIGTERM'));
      process.on('SIGINT', () => stop('SIGINT'));
    },
    (error: Error) => {
      process.stderr.write(`rapport: could not start: ${error.message}\n`);
      process.exit(1);
    },
  );
}
