/** The little of UrlFetchApp the add-on needs; the gas/ layer implements it, tests pass their own. */
export interface HttpRequest {
  url: string;
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  headers: Record<string, string>;
  /** JSON text. */
  body?: string;
}

export interface HttpResponse {
  status: number;
  body: string;
}

export interface HttpClient {
  fetch(request: HttpRequest): HttpResponse;
  /** The requests at once (UrlFetchApp.fetchAll), answers in request order; throws if any cannot be sent. */
  fetchAll(requests: HttpRequest[]): HttpResponse[];
}
