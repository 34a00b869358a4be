import net from 'node:net';
import { ServerCredentials, type Server } from '@grpc/grpc-js';
import { FirestoreServer } from '@firestore-emulator/server';
import { makeEmulatorDocumentLookupConstantTime } from './emulator-document-lookup';
import { listEmulatorDocumentPaths } from './firestore-data-file';

export interface EmbeddedEmulator {
  host: string;
  /** Every document path the emulator holds; it implements neither listCollections nor listDocuments. */
  listDocumentPaths(projectId: string): Promise<string[]>;
  stop(): void;
}

async function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

/**
 * Starts the pure-Node Firestore emulator in this process. It keeps data in memory only and gets
 * transactions, cursors and `FieldValue.delete()` wrong (see FACTS.md), so the data layer never relies on them.
 */
export async function startEmbeddedEmulator(port?: number): Promise<EmbeddedEmulator> {
  makeEmulatorDocumentLookupConstantTime();
  const server = new FirestoreServer();
  // The emulator does not report the port it bound, so a free one is chosen first.
  const chosenPort = port ?? (await findFreePort());
  // Its own start() listens on every interface (0.0.0.0), which would let the network read and write the
  // data with no credentials: its gRPC server (private in 0.3's typings, the same @grpc/grpc-js we pin) is
  // bound to loopback here instead. A test checks that no other interface answers.
  const grpcServer = (server as unknown as { server: Server }).server;
  await new Promise<void>((resolve, reject) => {
    grpcServer.bindAsync(`127.0.0.1:${chosenPort}`, ServerCredentials.createInsecure(), (error: Error | null) =>
      error ? reject(error) : resolve(),
    );
  });
  return {
    host: `127.0.0.1:${chosenPort}`,
    listDocumentPaths: async (projectId) => listEmulatorDocumentPaths(server.state, projectId),
    stop: () => server.stop(),
  };
}
