import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

/** One body a provider really sent, as kept in test/fixtures/provider-bodies (README there names each source). */
export interface RecordedBody {
  source: string;
  readOn: string;
  provider: string;
  note: string;
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

const folder = path.resolve(__dirname, '..', 'fixtures', 'provider-bodies');

export function recordedBody(name: string): RecordedBody {
  return JSON.parse(readFileSync(path.join(folder, `${name}.json`), 'utf8')) as RecordedBody;
}

export interface ReceivedRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: Record<string, unknown>;
}

export interface ReplayServer {
  /** `http://127.0.0.1:PORT` */
  origin: string;
  requests: ReceivedRequest[];
  /** Answers the next requests with these bodies, in order, with their recorded status and headers. */
  enqueue(...answers: Pick<RecordedBody, 'status' | 'headers' | 'body'>[]): void;
  /** Forgets queued answers and received requests. */
  reset(): void;
  close(): Promise<void>;
}

/**
 * Answers whatever the SDK asks with a recorded body, byte for byte as JSON, so an adapter test runs the
 * official SDK against what the provider sent and not against a reply the team wrote.
 */
export async function startReplayServer(): Promise<ReplayServer> {
  const queue: Pick<RecordedBody, 'status' | 'headers' | 'body'>[] = [];
  const requests: ReceivedRequest[] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      requests.push({
        method: request.method ?? '',
        url: request.url ?? '',
        headers: request.headers,
        body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
      });
      const answer = queue.shift();
      if (!answer) {
        response.writeHead(500, { 'content-type': 'application/json' }).end('{"error":{"message":"no recorded body queued"}}');
        return;
      }
      // The recorded framing headers describe the recorded bytes, not these: Node sets its own.
      const {
        'content-length': _length,
        'content-encoding': _encoding,
        connection: _connection,
        'transfer-encoding': _transfer,
        ...headers
      } = answer.headers;
      response.writeHead(answer.status, { ...headers, 'content-type': 'application/json' }).end(JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    enqueue: (...answers) => queue.push(...answers),
    reset: () => {
      queue.length = 0;
      requests.length = 0;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** One replay server for a test file: started before its tests, emptied after each, closed at the end. */
export function useReplayServer(): () => ReplayServer {
  let server: ReplayServer | undefined;
  beforeAll(async () => {
    server = await startReplayServer();
  });
  afterEach(() => server?.reset());
  afterAll(async () => {
    await server?.close();
  });
  return () => {
    if (!server) throw new Error('the replay server starts in beforeAll');
    return server;
  };
}
