import type { Logger } from '../logger';
import type { FirestoreConnection } from './connect-firestore';
import { rename } from 'node:fs/promises';
import { exportFirestoreToFile, importFirestoreFromFile, previousCopyOf } from './firestore-data-file';

export interface EmbeddedDataPersistence {
  /** Writes the data out one last time. */
  stop(): Promise<void>;
}

/**
 * Loads the data file; when it is damaged, the previous good copy instead, keeping the damaged file aside and
 * saying so. Never starts from empty over someone's data: when both are damaged, the start fails.
 */
async function loadWithBackup(connection: FirestoreConnection, file: string, logger: Logger): Promise<number> {
  try {
    return (await importFirestoreFromFile(connection.firestore, file)).documents;
  } catch (damage) {
    const previous = previousCopyOf(file);
    let documents: number;
    try {
      documents = (await importFirestoreFromFile(connection.firestore, previous)).documents;
    } catch {
      throw new Error(
        `The embedded Firestore data file ${file} is damaged (${damage instanceof Error ? damage.message : String(damage)}), and so is its previous copy ${previous}. Nothing was loaded and nothing was overwritten: repair or move the file, then start again.`,
      );
    }
    const aside = `${file}.damaged-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    await rename(file, aside);
    logger.warn(
      { file, previous, damagedCopy: aside, documents },
      `The data file was damaged, so the backend started from its previous copy (${documents} documents). The damaged file is kept as ${aside}.`,
    );
    return documents;
  }
}

/**
 * Keeps the embedded emulator's data in a file across restarts of `npm start`: loaded at start, written
 * every `intervalMs` (so a killed process loses at most that much) and at shutdown, each time atomically and
 * keeping the copy it replaces as `<file>.previous`.
 */
export async function persistEmbeddedData(
  connection: FirestoreConnection,
  file: string,
  logger: Logger,
  intervalMs = 15_000,
): Promise<EmbeddedDataPersistence> {
  const listDocumentPaths = connection.listDocumentPaths;
  if (!listDocumentPaths) throw new Error('Only the embedded Firestore emulator keeps its data in a file.');
  const documents = await loadWithBackup(connection, file, logger);
  logger.info({ file, documents }, 'embedded Firestore data loaded');
  let writing: Promise<unknown> = Promise.resolve();
  const save = () => {
    writing = writing
      .then(() => exportFirestoreToFile(connection.firestore, file, { listDocumentPaths, keepPrevious: true }))
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
