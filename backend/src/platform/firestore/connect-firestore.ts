import { randomUUID } from 'node:crypto';
import { deleteApp, initializeApp } from 'firebase-admin/app';
import { getFirestore, type Firestore } from 'firebase-admin/firestore';
import { startEmbeddedEmulator } from './embedded-emulator';

/** The database handle the composition root passes to repositories, without importing firebase-admin itself. */
export type { Firestore };

/** Longest close() waits for Firestore calls still in flight. */
const closeTimeoutMs = 2000;

export type FirestoreMode = 'embedded-emulator' | 'emulator' | 'google-cloud';

export interface FirestoreConnection {
  firestore: Firestore;
  mode: FirestoreMode;
  /** host:port for the emulators, undefined for Google Cloud. */
  host: string | undefined;
  /** Only for the embedded emulator: the paths of every document, for exporting its data. */
  listDocumentPaths?: () => Promise<string[]>;
  /** Ends the connection; waits at most `timeoutMs` (2 s by default) for calls still in flight. */
  close(timeoutMs?: number): Promise<void>;
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

function open(mode: FirestoreMode, host: string | undefined, projectId: string, stopServer: () => void): FirestoreConnection {
  // A named app per connection lets tests hold several independent connections in one process.
  const app = initializeApp({ projectId }, `firestore-${randomUUID()}`);
  const firestore = getFirestore(app);
  // Setting the host here rather than through FIRESTORE_EMULATOR_HOST keeps the choice local to this
  // connection instead of leaking into every Firestore client of the process.
  // The universe domain is given so the gRPC client does not ask the GCE metadata server for it: an emulator
  // needs no Google credentials, and on a machine without that server the lookup only logs warnings.
  // Keepalive pings while calls are open notice a connection that died silently (no FIN, no RST) and reconnect;
  // without them such a connection is used until the kernel gives up on it, after about a quarter of an hour.
  // Each channel keeps its own connections (no process-wide subchannel pool), so a channel the availability
  // guard abandons after a missed deadline takes its possibly dead connection with it.
  const keepalive = { 'grpc.keepalive_time_ms': 30_000, 'grpc.keepalive_timeout_ms': 10_000, 'grpc.use_local_subchannel_pool': 1 };
  if (host) firestore.settings({ host, ssl: false, ignoreUndefinedProperties: true, universeDomain: 'googleapis.com', ...keepalive });
  else firestore.settings({ ignoreUndefinedProperties: true, ...keepalive });
  return {
    firestore,
    mode,
    host,
    async close(timeoutMs = closeTimeoutMs) {
      // terminate() waits for every call in flight; in an outage some never end, and a stopping process must.
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        firestore.terminate(),
        new Promise<void>((resolve) => (timer = setTimeout(resolve, Math.min(timeoutMs, closeTimeoutMs)))),
      ]);
      clearTimeout(timer);
      await deleteApp(app);
      stopServer();
    },
  };
}
