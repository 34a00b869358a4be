import type { HttpClient, HttpRequest } from './http-client';

/** A problem+json answer from the backend; `detail` is written for users. */
export class BackendProblem extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string,
    readonly body: Record<string, unknown>,
  ) {
    super(detail);
    this.name = 'BackendProblem';
  }
}

export class BackendUnreachable extends Error {
  constructor(url: string, reason: string) {
    super(`The add-on could not reach its backend at ${url}: ${reason}`);
    this.name = 'BackendUnreachable';
  }
}

export interface BackendSession {
  email: string;
  organisationId: string;
  provider: { configured: true; id: string; defaultModel: string } | { configured: false; setupHint: string };
}

export interface FillTagRequest {
  name: string;
  /** Sent with the fill (unsaved edits); the backend uses the stored configuration otherwise. */
  configuration?: { prompt: string };
}

export interface BackendFillRequest {
  documentId: string;
  documentName: string;
  fieldValues: Record<string, string>;
  tags: FillTagRequest[];
}

export interface BackendTagResult {
  tag: string;
  status: 'generated' | 'fallback' | 'failed' | 'skipped';
  text: string;
  model?: string;
  error?: { code: string; message: string };
}

export interface BackendFillResult {
  fillId: string;
  status: 'completed' | 'aborted';
  abort?: { code: string; message: string };
  results: BackendTagResult[];
  totals: { durationMs: number };
}

export interface BackendClientOptions {
  baseUrl: string;
  http: HttpClient;
  /** The signed-in user's Google ID token, fetched per request because it expires. */
  identityToken: () => string;
}

/** Typed calls to the backend's HTTP API, with problem+json turned into {@link BackendProblem}. */
export function createBackendClient(options: BackendClientOptions) {
  const baseUrl = options.baseUrl.replace(/\/+$/, '');

  function call<Result>(method: HttpRequest['method'], path: string, body?: unknown): Result {
    const url = `${baseUrl}${path}`;
    let response;
    try {
      response = options.http.fetch({
        url,
        method,
        headers: { authorization: `Bearer ${options.identityToken()}`, accept: 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    } catch (error) {
      throw new BackendUnreachable(baseUrl, error instanceof Error ? error.message : String(error));
    }
    let parsed: unknown;
    try {
      parsed = response.body === '' ? {} : JSON.parse(response.body);
    } catch {
      throw new BackendUnreachable(baseUrl, `it answered HTTP ${response.status} with a body that is not JSON`);
    }
    if (response.status >= 400) {
      const problem = (parsed ?? {}) as Record<string, unknown>;
      throw new BackendProblem(
        response.status,
        typeof problem.title === 'string' ? problem.title : `HTTP ${response.status}`,
        typeof problem.detail === 'string' ? problem.detail : `The backend answered HTTP ${response.status}.`,
        problem,
      );
    }
    return parsed as Result;
  }

  return {
    getSession: () => call<BackendSession>('get', '/v1/session'),
    fill: (request: BackendFillRequest) => call<BackendFillResult>('post', '/v1/fills', request),
  };
}

export type BackendClient = ReturnType<typeof createBackendClient>;
