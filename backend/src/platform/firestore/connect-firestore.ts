import { randomUUID } from 'node:crypto';
import { deleteApp, initializeApp } from 'firebase-admin/app';
import { getFirestore, type Firestore } from 'firebase-admin/firestore';
import { startEmbeddedEmulator } from './embedded-emulator';

/** The database handle the composition root passes to repositories, without importing firebase-admin itself. */
export type { Firestore };

export type FirestoreMode = 'embedded-emulator' | 'emulator' | 'google-cloud';

export interface FirestoreConnection {
  firestore: Firestore;
  mode: FirestoreMode;
  /** host:port for the emulators, undefined for Google Cloud. */
  host: string | undefined;
  /** Only for the embedded emulator: the paths of every document, for exporting its data. */
  listDocumentPaths?: () => Promise<string[]>;
  close(): Promise<void>;
}

export interface FirestoreOptions {
  emulatorHost?: string | undefined;
  projectId?: string | undefined;
}

/**
 * Picks the Firestore to use: an emulator named by FIRESTORE_EMULATOR_HOST, real Firestore when a Google Cloud
 * project is configured (credentials from the environment, as on Cloud Run), else an embedded emulator started
 * here so `npm start` and the tests need nothing installed.
 */
export async function connectFirestore(options: FirestoreOptions): Promise<FirestoreConnection> {
  if (options.emulatorHost) {
    return open('emulator', options.emulatorHost, options.projectId ?? 'demo-local', () => undefined);
  }
  if (options.projectId) {
    return open('google-cloud', undefined, options.projectId, () => undefined);
  }
  const emulator = await startEmbeddedEmulator();
  const connection = open('embedded-emulator', emulator.host, 'demo-local', () => emulator.stop());
  return { ...connection, listDocumentPaths: () => emulator.listDocumentPaths('demo-local') };
}

function open(
  mode: FirestoreMode,
  host: string | undefined,
  projectId: string,
  stopServer: () => void,
): FirestoreConnection {
  // A named app per connection lets tests hold several independent connections in one process.
  const app = initializeApp({ projectId }, `firestore-${randomUUID()}`);
  const firestore = getFirestore(app);
  // Setting the host here rather than through FIRESTORE_EMULATOR_HOST keeps the choice local to this
  // connection instead of leaking into every Firestore client of the process.
  // The universe domain is given so the gRPC client does not ask the GCE metadata server for it: an emulator
  // needs no Google credentials, and on a machine without that server the lookup only logs warnings.
  if (host) firestore.settings({ host, ssl: false, ignoreUndefinedProperties: true, universeDomain: 'googleapis.com' });
  else firestore.settings({ ignoreUndefinedProperties: true });
  return {
    firestore,
    mode,
    host,
    async close() {
      await firestore.terminate();
      await deleteApp(app);
      stopServer();
    },
  };
}
