import { connectFirestore, type FirestoreConnection } from '../../../backend/src/platform/firestore/connect-firestore';
import { startBackendChild, stopAll, type BackendChild } from '../../support/processes/backend-child';
import { callerHeaders } from '../../support/processes/caller-headers';
import { startFirestoreEmulatorChild, type FirestoreEmulatorChild } from '../../support/processes/firestore-emulator-child';
import { startProviderChild, type ProviderChild } from '../../support/processes/provider-child';
import { startTcpFaultProxy, type TcpFaultProxy } from '../../support/processes/tcp-fault-proxy';

/**
 * The kit end to end, every part a real process over TCP: the built backend bundle, run by node as in
 * production, reaches the Firestore emulator (another process) through the fault proxy and the OpenAI
 * stand-in (a third process). One fill answers with the stand-in's text and leaves its usage record in
 * Firestore; SIGTERM then ends the backend cleanly with code 0.
 */

// Starting three processes and possibly building the bundle on a 2-core CI machine.
jest.setTimeout(180_000);

const organisationId = 'domain:smoke.example';
const caller = callerHeaders(organisationId, 'ana@smoke.example');

async function eventually<T>(read: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`nothing within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('the built backend in its own process, with Firestore and the provider in theirs', () => {
  let emulator: FirestoreEmulatorChild;
  let proxy: TcpFaultProxy;
  let provider: ProviderChild;
  let backend: BackendChild;
  let firestore: FirestoreConnection;

  beforeAll(async () => {
    [emulator, provider] = await Promise.all([startFirestoreEmulatorChild(), startProviderChild()]);
    proxy = await startTcpFaultProxy(emulator.host);
    backend = await startBackendChild({
      firestoreHost: proxy.address,
      openAIBaseUrl: provider.baseUrl,
      environment: { AI_RETRY_BASE_DELAY_MS: '1', USAGE_WRITE_LINGER_MS: '0' },
    });
    // The test reads Firestore past the proxy, so what it sees does not depend on the proxy's mode.
    firestore = await connectFirestore({ emulatorHost: emulator.host });
  });
  afterAll(async () => {
    await firestore?.close();
    await stopAll();
    await proxy?.close();
  });

  it("fills a tag with the stand-in's text, records its usage, and exits with 0 on SIGTERM", async () => {
    const response = await fetch(`${backend.url}/v1/fills`, {
      method: 'POST',
      headers: { ...caller, 'content-type': 'application/json' },
      body: JSON.stringify({
        documentId: 'doc-smoke',
        documentName: 'Proposal',
        fieldValues: { client_name: 'Acme Corp' },
        tags: [{ name: 'intro', configuration: { prompt: 'Write an introduction for {{client_name}}.', maxOutputTokens: 300 } }],
      }),
    });
    const body = (await response.json()) as {
      fillId: string;
      status: string;
      results: Array<{ tag: string; status: string; text: string }>;
    };

    expect(response.status).toBe(200);
    expect(body.status).toBe('completed');
    expect(body.results).toEqual([
      expect.objectContaining({ tag: 'intro', status: 'generated', text: 'Generated for: Write an introduction for Acme Corp.' }),
    ]);
    expect(await provider.requestCount('/v1/chat/completions')).toBe(1);
    // The backend's Firestore traffic went through the proxy, so switching its mode is an outage for it.
    expect(proxy.acceptedConnections()).toBeGreaterThan(0);

    // Usage is written behind the response.
    const usage = await eventually(async () => {
      const records = await firestore.firestore.collection(`orgs/${organisationId}/usage`).where('fillId', '==', body.fillId).get();
      return records.empty ? undefined : records.docs.map((record) => record.data());
    }, 10_000);
    expect(usage).toEqual([expect.objectContaining({ organisationId, tag: 'intro', status: 'success', servedModel: 'gpt-6-luna' })]);
    expect(usage[0]?.inputTokens).toBeGreaterThan(0);

    const logsBefore = backend.logs().length;
    backend.signal('SIGTERM');
    await backend.waitForLog((line) => line.msg === 'shutting down' && line.signal === 'SIGTERM', 10_000, logsBefore);
    expect(await backend.exited).toEqual({ code: 0, signal: null });
    expect(backend.logs().filter((line) => line.level === 'error' || line.level === 'fatal')).toEqual([]);
  });
});
