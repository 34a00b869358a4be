import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { composeApp, type CompositionOverrides } from './compose-app';
import type { Config } from './platform/config';
import { connectFirestore, type FirestoreConnection } from './platform/firestore/connect-firestore';
import { persistEmbeddedData, type EmbeddedDataPersistence } from './platform/firestore/embedded-data-persistence';
import { routeConsoleThroughLogger } from './platform/console-bridge';
import { settlesWithin } from './platform/settles-within';
import type { Logger } from './platform/logger';

export interface RunningBackend {
  url: string;
  firestore: FirestoreConnection;
  close(): Promise<void>;
}

/** Connects Firestore (starting the embedded emulator when none is configured), builds the app and listens. */
export async function startBackend(config: Config, logger: Logger, overrides: CompositionOverrides = {}): Promise<RunningBackend> {
  const restoreConsole = routeConsoleThroughLogger(logger);
  const firestore = await connectFirestore({ emulatorHost: config.FIRESTORE_EMULATOR_HOST, projectId: config.GOOGLE_CLOUD_PROJECT });
  let persistence: EmbeddedDataPersistence | undefined;
  if (firestore.mode === 'embedded-emulator') {
    const file = config.EMBEDDED_FIRESTORE_DATA_FILE;
    logger.info(
      { host: firestore.host, file: file ?? null },
      file
        ? 'no Firestore configured: started the embedded Firestore emulator, keeping its data in a file'
        : 'no Firestore configured: started the embedded Firestore emulator (data is kept in memory)',
    );
    if (file) {
      try {
        persistence = await persistEmbeddedData(firestore, file, logger);
      } catch (error) {
        // A data file that cannot be loaded stops the start; nothing of this process stays behind.
        await firestore.close();
        restoreConsole();
        throw error;
      }
    }
  } else {
    logger.info({ mode: firestore.mode, host: firestore.host }, 'using Firestore');
  }
  const { app, startBackgroundWork, close } = composeApp(config, firestore.firestore, logger, overrides);
  const server: Server = await new Promise((resolve) => {
    const listening = app.listen(config.PORT, config.HOST, () => resolve(listening));
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${config.HOST}:${port}`;
  logger.info({ url, authMode: config.AUTH_MODE }, 'backend listening');
  startBackgroundWork();
  return {
    url,
    firestore,
    async close() {
      const endAt = Date.now() + config.SHUTDOWN_GRACE_MS;
      // Stop accepting; requests in flight finish (their connections close once answered), within the grace period.
      const serverClosed = new Promise<void>((resolve) => server.close(() => resolve()));
      const closeIdle = setInterval(() => server.closeIdleConnections(), 100);
      await Promise.all([close(), settlesWithin(serverClosed, Math.max(0, endAt - 250 - Date.now()))]);
      clearInterval(closeIdle);
      server.closeAllConnections();
      await persistence?.stop();
      await firestore.close(Math.max(0, endAt - Date.now()));
      restoreConsole();
    },
  };
}
