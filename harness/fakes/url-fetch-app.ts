import { appsScriptException, invalidArgument } from './apps-script-exception';
import { HTTPResponse } from './http-response';
import { sendHttpRequest } from './http-transport';
import { checkAllowlisted, type UrlFetchAllowlistOptions } from './url-fetch-allowlist';
import { describeRequest, prepareRequest, type PreparedRequest, type UrlFetchParams } from './url-fetch-request';

/** UrlFetchApp gives up after about 60 seconds, and a script cannot change that. */
export const URL_FETCH_TIMEOUT_MS = 60_000;
const TRUNCATED_RESPONSE_LENGTH = 1000;

export interface RecordedHttpExchange {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: string;
  startedAt: number;
  finishedAt?: number;
  status?: number;
}

export interface UrlFetchAppOptions {
  /** Only tests shorten it. */
  timeoutMs?: number;
  /** Appears in the User-Agent, as in Apps Script. */
  scriptId?: string;
  /** When given, every request is appended to it (the script cannot see this). */
  requestLog?: RecordedHttpExchange[];
  /** The manifest's urlFetchWhitelist and the kind of deployment; without it every URL may be fetched. */
  allowlist?: UrlFetchAllowlistOptions;
}

export type UrlFetchRequest = UrlFetchParams & { url: string };

// Apps Script names only the origin, not the path or query, in this message.
function requestFailed(request: PreparedRequest, response: HTTPResponse): Error {
  const origin = new URL(request.url).origin;
  const text = response.getContentText();
  const truncated = text.length > TRUNCATED_RESPONSE_LENGTH ? `${text.slice(0, TRUNCATED_RESPONSE_LENGTH)}...` : text;
  return appsScriptException(
    `Request failed for ${origin} returned code ${response.getResponseCode()}. ` +
      `Truncated server response: ${truncated} (use muteHttpExceptions option to examine full response)`,
  );
}

/** UrlFetchApp doing real HTTP; the runtime keeps the script blocked until the response arrives. */
export class UrlFetchApp {
  readonly #timeoutMs: number;
  readonly #scriptId: string;
  readonly #requestLog: RecordedHttpExchange[] | undefined;
  readonly #allowlist: UrlFetchAllowlistOptions | undefined;

  constructor(options: UrlFetchAppOptions = {}) {
    this.#timeoutMs = options.timeoutMs ?? URL_FETCH_TIMEOUT_MS;
    this.#scriptId = options.scriptId ?? 'harness-script-id';
    this.#requestLog = options.requestLog;
    this.#allowlist = options.allowlist;
  }

  fetch(url: string, params?: UrlFetchParams): Promise<HTTPResponse> {
    try {
      const request = prepareRequest(url, params, this.#scriptId);
      this.#checkAllowed(request.url);
      return this.#send(request);
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /** All requests run in parallel; the first failure in request order is thrown. */
  async fetchAll(requests: Array<UrlFetchRequest | string>): Promise<HTTPResponse[]> {
    if (!Array.isArray(requests)) throw invalidArgument('requests');
    const prepared = requests.map((request) =>
      typeof request === 'string' ? prepareRequest(request, {}, this.#scriptId) : prepareRequest(request?.url, request, this.#scriptId),
    );
    // Refused before any request leaves, as one refused URL fails the whole call.
    for (const request of prepared) this.#checkAllowed(request.url);
    const outcomes = await Promise.allSettled(prepared.map((request) => this.#send(request)));
    return outcomes.map((outcome) => {
      if (outcome.status === 'rejected') throw outcome.reason;
      return outcome.value;
    });
  }

  getRequest(url: string, params?: UrlFetchParams): Record<string, unknown> {
    return describeRequest(prepareRequest(url, params, this.#scriptId), params);
  }

  #checkAllowed(url: string): void {
    if (this.#allowlist) checkAllowlisted(url, this.#allowlist);
  }

  async #send(request: PreparedRequest): Promise<HTTPResponse> {
    const record: RecordedHttpExchange | undefined = this.#requestLog && {
      url: request.url,
      method: request.method,
      headers: { ...request.headers },
      body: request.body?.toString('utf8') ?? '',
      startedAt: Date.now(),
    };
    if (record) this.#requestLog?.push(record);
    const raw = await sendHttpRequest(request, this.#timeoutMs);
    const response = new HTTPResponse(raw.status, raw.rawHeaders, raw.body);
    if (record) {
      record.finishedAt = Date.now();
      record.status = raw.status;
    }
    if (raw.status >= 400 && !request.muteHttpExceptions) throw requestFailed(request, response);
    return response;
  }
}
