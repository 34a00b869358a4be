/**
 * An HTTP error a client can act on, sent as RFC 9457 problem+json. `detail` must say what to fix and must
 * never contain secrets: it is shown to users as it is.
 */
export class HttpProblem extends Error {
  readonly status: number;
  readonly type: string;
  readonly title: string;
  readonly detail: string;
  readonly extensions: Record<string, unknown>;
  /** Response headers that go with it (Retry-After on a 429). */
  readonly headers: Record<string, string>;

  constructor(options: {
    status: number;
    type: string;
    title: string;
    detail: string;
    extensions?: Record<string, unknown>;
    headers?: Record<string, string>;
  }) {
    super(options.detail);
    this.name = 'HttpProblem';
    this.status = options.status;
    this.type = options.type;
    this.title = options.title;
    this.detail = options.detail;
    this.extensions = options.extensions ?? {};
    this.headers = options.headers ?? {};
  }
}

export const problemTypeBase = 'https://ai-template-fill.dev/problems/';

export function badRequest(detail: string, extensions?: Record<string, unknown>): HttpProblem {
  return new HttpProblem({ status: 400, type: `${problemTypeBase}invalid-request`, title: 'Invalid request', detail, extensions });
}

export function unauthorized(detail: string): HttpProblem {
  return new HttpProblem({ status: 401, type: `${problemTypeBase}unauthenticated`, title: 'Not signed in', detail });
}

export function forbidden(detail: string): HttpProblem {
  return new HttpProblem({ status: 403, type: `${problemTypeBase}forbidden`, title: 'Not allowed', detail });
}

export function notFound(detail: string): HttpProblem {
  return new HttpProblem({ status: 404, type: `${problemTypeBase}not-found`, title: 'Not found', detail });
}

export function serviceUnavailable(detail: string): HttpProblem {
  return new HttpProblem({ status: 503, type: `${problemTypeBase}unavailable`, title: 'Service unavailable', detail });
}

export function conflict(detail: string, extensions?: Record<string, unknown>): HttpProblem {
  return new HttpProblem({ status: 409, type: `${problemTypeBase}conflict`, title: 'Conflict', detail, extensions });
}

/** Something that existed and was deleted for good (a fill's texts past their retention): `detail` says what to do instead. */
export function gone(detail: string): HttpProblem {
  return new HttpProblem({ status: 410, type: `${problemTypeBase}gone`, title: 'No longer available', detail });
}

/** A save based on a version that is no longer the latest: the client reloads instead of overwriting. */
export function versionConflict(what: string, latestVersion: number): HttpProblem {
  return conflict(`Someone else saved the ${what} meanwhile (now version ${latestVersion}). Reload, re-apply your change and save again.`, {
    latestVersion,
  });
}
