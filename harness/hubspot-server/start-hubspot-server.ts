import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { lowerCaseHeaders, parseJsonBody, readRequestBody } from '../provider-servers/http-exchange';
import { createHubSpotCrmStore, type HubSpotCrmStore } from './hubspot-crm-store';
import { answerCrmRequest, type CrmAnswer } from './hubspot-crm-routes';
import { invalidAuthentication, rateLimited, serverError, type RateLimitPolicy } from './hubspot-error-bodies';

export interface RecordedHubSpotRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: Record<string, string>;
  body: unknown;
  receivedAt: number;
  status: number;
}

export interface HubSpotServer {
  /** What the official client takes as `basePath`. */
  baseUrl: string;
  crm: HubSpotCrmStore;
  requests: RecordedHubSpotRequest[];
  /** The next `count` CRM requests answer 429 for `policy`, announcing a window of `intervalMs`. */
  rateLimitNext(count: number, options?: { policy?: RateLimitPolicy; intervalMs?: number }): void;
  /**
   * The next `count` CRM requests answer `status` (5xx); with `afterApplying`, each is carried out first and only
   * its answer is lost (a gateway timeout after HubSpot wrote), as a client cannot tell from a plain failure;
   * with `method`, only requests of that method fail.
   */
  failNext(count: number, options?: { status?: number; afterApplying?: boolean; method?: string }): void;
  /** Forgets the failures `failNext` queued that have not happened yet. */
  clearFailures(): void;
  /** From now on only `token` is accepted: the previous one was rotated or revoked in HubSpot. */
  acceptOnly(token: string): void;
  close(): Promise<void>;
}

/** HubSpot's published burst limit for a Professional private app: 190 requests per 10 s (usage guidelines). */
const burstMax = 190;

/**
 * The rate-limit headers HubSpot puts on CRM answers (developers.hubspot.com/docs/developer-tooling/platform/
 * usage-guidelines, "rate limit headers"): the window in milliseconds, its maximum and what remains, and the
 * daily allowance for private apps.
 */
function rateLimitHeaders(remaining: number, intervalMs: number, dailyRemaining: number): Record<string, string> {
  return {
    'x-hubspot-ratelimit-interval-milliseconds': String(intervalMs),
    'x-hubspot-ratelimit-max': String(burstMax),
    'x-hubspot-ratelimit-remaining': String(remaining),
    'x-hubspot-ratelimit-secondly': String(burstMax / 10),
    'x-hubspot-ratelimit-secondly-remaining': String(Math.min(burstMax / 10, remaining)),
    'x-hubspot-ratelimit-daily': '625000',
    'x-hubspot-ratelimit-daily-remaining': String(dailyRemaining),
  };
}

/**
 * A local server that speaks HubSpot's CRM wire format to the official @hubspot/api-client: objects (read,
 * update, batch read, search), v4 associations, notes with associations, private-app bearer tokens, and 429s
 * with HubSpot's headers and body. Only `accessToken` is accepted (until `acceptOnly`).
 */
export async function startHubSpotServer(options: { accessToken: string }): Promise<HubSpotServer> {
  const crm = createHubSpotCrmStore();
  const requests: RecordedHubSpotRequest[] = [];
  const limited: { policy: RateLimitPolicy; intervalMs: number }[] = [];
  const failing: { status: number; afterApplying: boolean; method: string | undefined }[] = [];
  const sockets = new Set<Socket>();
  let daily = 625_000;
  let accepted = options.accessToken;

  const send = (response: ServerResponse, answer: CrmAnswer, extraHeaders: Record<string, string> = {}) => {
    // HubSpot answers JSON as application/json;charset=utf-8, with no space.
    response.writeHead(answer.status, { 'content-type': 'application/json;charset=utf-8', ...extraHeaders });
    response.end(answer.body === undefined ? '' : JSON.stringify(answer.body));
  };

  async function handle(incoming: IncomingMessage, response: ServerResponse): Promise<void> {
    const raw = await readRequestBody(incoming);
    const url = new URL(incoming.url ?? '/', 'http://hubspot.invalid');
    const headers = lowerCaseHeaders(incoming);
    const parsed = parseJsonBody(raw);
    const record: RecordedHubSpotRequest = {
      method: incoming.method ?? 'GET',
      path: url.pathname,
      query: url.searchParams,
      headers,
      body: parsed.ok ? parsed.body : raw,
      receivedAt: Date.now(),
      status: 0,
    };
    requests.push(record);
    const reply = (answer: CrmAnswer, extra: Record<string, string> = {}) => {
      record.status = answer.status;
      send(response, answer, extra);
    };
    if (headers.authorization !== `Bearer ${accepted}`) return reply({ status: 401, body: invalidAuthentication() });
    const limit = limited.shift();
    if (limit) {
      return reply(
        { status: 429, body: rateLimited(limit.policy) },
        rateLimitHeaders(0, limit.intervalMs, limit.policy === 'DAILY' ? 0 : daily),
      );
    }
    daily -= 1;
    // The first failure waiting for this request's method (or any method) is this request's.
    const failureIndex = failing.findIndex((waiting) => waiting.method === undefined || waiting.method === record.method);
    const failure = failureIndex >= 0 ? failing.splice(failureIndex, 1)[0] : undefined;
    if (failure && !failure.afterApplying) return reply({ status: failure.status, body: serverError(failure.status) });
    const answer = answerCrmRequest(crm, record.method, url, parsed.ok ? parsed.body : undefined);
    if (failure) return reply({ status: failure.status, body: serverError(failure.status) });
    reply(answer, rateLimitHeaders(burstMax - 1, 10_000, daily));
  }

  const server = createServer((incoming, response) => {
    handle(incoming, response).catch((error: unknown) => {
      response.writeHead(500, { 'content-type': 'application/json;charset=utf-8' });
      response.end(JSON.stringify({ status: 'error', message: String(error), category: 'INTERNAL_ERROR' }));
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    crm,
    requests,
    rateLimitNext(count, limitOptions = {}) {
      for (let index = 0; index < count; index += 1)
        limited.push({ policy: limitOptions.policy ?? 'TEN_SECONDLY_ROLLING', intervalMs: limitOptions.intervalMs ?? 10_000 });
    },
    failNext(count, failOptions = {}) {
      for (let index = 0; index < count; index += 1)
        failing.push({ status: failOptions.status ?? 503, afterApplying: failOptions.afterApplying ?? false, method: failOptions.method });
    },
    clearFailures() {
      failing.length = 0;
    },
    acceptOnly(token) {
      accepted = token;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      }),
  };
}
