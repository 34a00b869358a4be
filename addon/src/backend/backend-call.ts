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

export interface BackendClientOptions {
  baseUrl: string;
  http: HttpClient;
  /** The signed-in user's Google ID token, fetched per request because it expires. */
  identityToken: () => string;
}

export type QueryValue = string | number | boolean | undefined;

export interface BackendAnswer<Result> {
  status: number;
  body: Result;
}

export type BackendCall = <Result>(method: HttpRequest['method'], path: string, options?: { body?: unknown; query?: Record<string, QueryValue> }) => BackendAnswer<Result>;

function queryString(query: Record<string, QueryValue> | undefined): string {
  if (!query) return '';
  const pairs = Object.entries(query)
    .filter((entry): entry is [string, string | number | boolean] => entry[1] !== undefined)
    .map(([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(String(value))}`);
  return pairs.length > 0 ? `?${pairs.join('&')}` : '';
}

/**
 * One HTTP call to the backend with the user's identity token; problem+json answers become
 * {@link BackendProblem}, transport failures {@link BackendUnreachable}. Every typed client builds on it.
 */
export function createBackendCall(options: BackendClientOptions): BackendCall {
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  return <Result>(method: HttpRequest['method'], path: string, callOptions: { body?: unknown; query?: Record<string, QueryValue> } = {}) => {
    const url = `${baseUrl}${path}${queryString(callOptions.query)}`;
    let response;
    try {
      response = options.http.fetch({
        url,
        method,
        headers: { authorization: `Bearer ${options.identityToken()}`, accept: 'application/json' },
        ...(callOptions.body === undefined ? {} : { body: JSON.stringify(callOptions.body) }),
      });
    } catch (error) {
      throw new BackendUnreachable(baseUrl, error instanceof Error ? error.message : String(error));
    }
    if (response.status === 204) return { status: 204, body: undefined as Result };
    let parsed: unknown;
    try {
      parsed = response.body === '' ? {} : JSON.parse(response.body);
    } catch {
      // CSV exports and other text answers are handed over as they are.
      if (response.status < 400) return { status: response.status, body: response.body as Result };
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
    return { status: response.status, body: parsed as Result };
  };
}

/** The add-on user's path segment, encoded once here so no caller forgets. */
export function pathSegment(value: string): string {
  return encodeURIComponent(value);
}
