import type { HttpClient, HttpRequest, HttpResponse } from './http-client';

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

export type BackendCall = <Result>(
  method: HttpRequest['method'],
  path: string,
  options?: { body?: unknown; query?: Record<string, QueryValue> },
) => BackendAnswer<Result>;

function queryString(query: Record<string, QueryValue> | undefined): string {
  if (!query) return '';
  const pairs = Object.entries(query)
    .filter((entry): entry is [string, string | number | boolean] => entry[1] !== undefined)
    .map(([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(String(value))}`);
  return pairs.length > 0 ? `?${pairs.join('&')}` : '';
}

export interface BackendCallSpec {
  method: HttpRequest['method'];
  path: string;
  body?: unknown;
  query?: Record<string, QueryValue>;
}

/** One answer of {@link BackendCalls.callAll}: returns it, or throws as `call` would have. */
export type BackendOutcome = <Result>() => BackendAnswer<Result>;

/** The body of one {@link BackendCalls.callAll} answer, or what its call would have thrown. */
export function bodyOfOutcome<Result>(outcome: BackendOutcome | undefined): Result {
  if (!outcome) throw new Error('The backend sent fewer answers than requests.');
  return outcome<Result>().body;
}

export interface BackendCalls {
  call: BackendCall;
  /** Independent calls sent at once; each outcome is read on its own, so one failing spoils none of the others. */
  callAll(specs: BackendCallSpec[]): BackendOutcome[];
}

/**
 * HTTP calls to the backend with the user's identity token; problem+json answers become
 * {@link BackendProblem}, transport failures {@link BackendUnreachable}. Every typed client builds on it.
 */
export function createBackendCalls(options: BackendClientOptions): BackendCalls {
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  const toRequest = (spec: BackendCallSpec): HttpRequest => ({
    url: `${baseUrl}${spec.path}${queryString(spec.query)}`,
    method: spec.method,
    headers: { authorization: `Bearer ${options.identityToken()}`, accept: 'application/json' },
    ...(spec.body === undefined ? {} : { body: JSON.stringify(spec.body) }),
  });
  const unreachable = (error: unknown) => new BackendUnreachable(baseUrl, error instanceof Error ? error.message : String(error));
  const interpret = <Result>(response: HttpResponse): BackendAnswer<Result> => {
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

  const call: BackendCall = <Result>(
    method: HttpRequest['method'],
    path: string,
    callOptions: { body?: unknown; query?: Record<string, QueryValue> } = {},
  ) => {
    let response: HttpResponse;
    try {
      response = options.http.fetch(toRequest({ method, path, ...callOptions }));
    } catch (error) {
      throw unreachable(error);
    }
    return interpret<Result>(response);
  };
  const callAll = (specs: BackendCallSpec[]): BackendOutcome[] => {
    let responses: HttpResponse[];
    try {
      responses = options.http.fetchAll(specs.map(toRequest));
    } catch (error) {
      // fetchAll sends all or nothing: a transport failure leaves no answer to read.
      throw unreachable(error);
    }
    return responses.map(
      (response) =>
        <Result>() =>
          interpret<Result>(response),
    );
  };
  return { call, callAll };
}

export function createBackendCall(options: BackendClientOptions): BackendCall {
  return createBackendCalls(options).call;
}

/** The add-on user's path segment, encoded once here so no caller forgets. */
export function pathSegment(value: string): string {
  return encodeURIComponent(value);
}
