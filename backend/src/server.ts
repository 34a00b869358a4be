import { loadConfigOrExit } from './platform/load-config-or-exit';
import { createLogger } from './platform/logger';
import { startBackend } from './start-backend';

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const logger = createLogger({ level: config.LOG_LEVEL });
  const backend = await startBackend(config, logger);
  const shutdown = (signal: string) => {
    logger.info({ signal }, 'shutting down');
    // Once connections are being closed, a library callback failing late must not turn a clean stop into a crash.
    process.on('uncaughtException', (error) => logger.warn({ err: error }, 'error while shutting down'));
    backend.close().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}

void main();
