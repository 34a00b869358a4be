import { ConfigError, loadConfig } from './platform/config';
import { createLogger } from './platform/logger';
import { startBackend } from './start-backend';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(78);
    }
    throw error;
  }
  const logger = createLogger({ level: config.LOG_LEVEL });
  const backend = await startBackend(config, logger);
  const shutdown = (signal: string) => {
    logger.info({ signal }, 'shutting down');
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
