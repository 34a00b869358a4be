import type { Logger } from '../logger';
import type { FirestoreConnection } from './connect-firestore';
import { exportFirestoreToFile, importFirestoreFromFile } from './firestore-data-file';

export interface EmbeddedDataPersistence {
  /** Writes the data out one last time. */
  stop(): Promise<void>;
}

/**
 * Keeps the embedded emulator's data in a file across restarts of `npm start`: loaded at start, written
 * every `intervalMs` (so a killed process loses at most that much) and at shutdown.
 */
export async function persistEmbeddedData(connection: FirestoreConnection, file: string, logger: Logger, intervalMs = 15_000): Promise<EmbeddedDataPersistence> {
  const listDocumentPaths = connection.listDocumentPaths;
  if (!listDocumentPaths) throw new Error('Only the embedded Firestore emulator keeps its data in a file.');
  const loaded = await importFirestoreFromFile(connection.firestore, file);
  logger.info({ file, documents: loaded.documents }, 'embedded Firestore data loaded');
  let writing: Promise<unknown> = Promise.resolve();
  const save = () => {
    writing = writing
      .then(() => exportFirestoreToFile(connection.firestore, file, { listDocumentPaths }))
      .catch((error: unknown) => logger.warn({ err: error, file }, 'could not save the embedded Firestore data'));
    return writing;
  };
  const timer = setInterval(() => void save(), intervalMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await save();
    },
  };
}
