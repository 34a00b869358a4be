import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { ProviderBehaviour, ProviderServer, ProviderServerOptions, RecordedProviderRequest } from './provider-behaviour';
import { lowerCaseHeaders, parseJsonBody, readRequestBody, writeWireResponse } from './http-exchange';
import { InvalidProviderRequest, type GenerationRequestSummary, type WireFormat, type WireResponse } from './wire-format';

/**
 * The provider-neutral half of every stand-in server: recording, the behaviour queue,
 * latency, and the socket-level misbehaviours (hang, disconnect). Each provider only
 * supplies a WireFormat that knows its routes and JSON shapes.
 */
export async function startProviderServer(
  format: WireFormat,
  defaultModels: readonly string[],
  options: ProviderServerOptions = {},
): Promise<ProviderServer> {
  const models = options.models ?? defaultModels;
  const requests: RecordedProviderRequest[] = [];
  const queue: ProviderBehaviour[] = [];
  let defaultBehaviour: ProviderBehaviour | undefined;
  let latencyMs = 0;
  let closing: Promise<void> | undefined;
  const sockets = new Set<Socket>();
  const pendingPauses = new Set<() => void>();

  /** A delay that close() can cut short, so delayed answers never outlive the server. */
  function pause(ms: number): Promise<void> {
    if (ms <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      const finish = (): void => {
        clearTimeout(timer);
        pendingPauses.delete(finish);
        resolve();
      };
      const timer = setTimeout(finish, ms);
      pendingPauses.add(finish);
    });
  }

  async function answer(response: ServerResponse, wire: WireResponse, behaviourLatencyMs = 0): Promise<void> {
    await pause(latencyMs + behaviourLatencyMs);
    if (closing) return;
    writeWireResponse(response, wire, format.responseHeaders());
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const rawBody = await readRequestBody(request);
    const url = new URL(request.url ?? '/', 'http://stand-in.invalid');
    const headers = lowerCaseHeaders(request);
    const parsed = parseJsonBody(rawBody);
    const method = request.method ?? 'GET';
    requests.push({
      method,
      path: url.pathname,
      query: url.search,
      headers,
      body: parsed.ok ? parsed.body : undefined,
      rawBody,
      receivedAt: Date.now(),
    });

    const route = format.findRoute(method, decodeURIComponent(url.pathname), models);
    if (!route) {
      return answer(response, format.errorResponse({ status: 404, message: `Unknown request URL: ${method} ${url.pathname}` }));
    }
    const apiKey = format.apiKeyOf(headers);
    if (apiKey === undefined || apiKey.trim() === '') {
      return answer(response, format.errorResponse({ status: 401 }));
    }
    if (!parsed.ok) {
      return answer(response, format.errorResponse({ status: 400, message: 'The request body is not valid JSON.' }));
    }
    if (route.kind === 'fixed') return answer(response, route.respond(parsed.body));

    let summary: GenerationRequestSummary;
    try {
      summary = route.summarise(parsed.body);
    } catch (error) {
      if (!(error instanceof InvalidProviderRequest)) throw error;
      return answer(response, format.errorResponse({ status: 400, message: error.message }));
    }

    const behaviour = queue.shift() ?? defaultBehaviour ?? { kind: 'reply' };
    switch (behaviour.kind) {
      case 'hang':
        // Nothing is written; close() destroys the socket.
        return;
      case 'disconnect':
        request.socket.destroy();
        return;
      case 'error':
        return answer(response, format.errorResponse(behaviour), behaviour.latencyMs);
      case 'reply':
        return answer(response, route.render(behaviour, summary, parsed.body), behaviour.latencyMs);
      default:
        return answer(response, route.render(behaviour, summary, parsed.body));
    }
  }

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (response.headersSent || response.destroyed) return;
      const message = error instanceof Error ? error.message : String(error);
      writeWireResponse(response, format.errorResponse({ status: 500, message }), format.responseHeaders());
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const origin = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;

  return {
    provider: format.provider,
    origin,
    baseUrl: format.baseUrlFor(origin),
    requests,
    enqueue: (...behaviours) => {
      queue.push(...behaviours);
    },
    setDefault: (behaviour) => {
      defaultBehaviour = behaviour;
    },
    setLatency: (ms) => {
      latencyMs = ms;
    },
    reset: () => {
      queue.length = 0;
      // Emptied in place so a test holding the array sees the reset.
      requests.length = 0;
      latencyMs = 0;
      defaultBehaviour = undefined;
    },
    close: () => {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const finish of [...pendingPauses]) finish();
        server.closeAllConnections();
        for (const socket of sockets) socket.destroy();
      });
      return closing;
    },
  };
}
