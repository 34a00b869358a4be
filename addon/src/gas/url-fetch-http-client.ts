import type { HttpClient, HttpRequest } from '../backend/http-client';

/** A request without a body (GET) carries no payload or contentType keys at all: UrlFetchApp refuses keys set to undefined. */
function fetchParams(request: HttpRequest): GoogleAppsScript.URL_Fetch.URLFetchRequest {
  return {
    url: request.url,
    method: request.method,
    headers: request.headers,
    ...(request.body === undefined ? {} : { contentType: 'application/json', payload: request.body }),
    muteHttpExceptions: true,
    followRedirects: false,
  } as GoogleAppsScript.URL_Fetch.URLFetchRequest;
}

function answer(response: GoogleAppsScript.URL_Fetch.HTTPResponse) {
  return { status: response.getResponseCode(), body: response.getContentText() };
}

/** UrlFetchApp behind the add-on's HttpClient; errors come back as status codes, not exceptions. */
export const urlFetchHttpClient: HttpClient = {
  fetch(request) {
    const { url, ...params } = fetchParams(request);
    return answer(UrlFetchApp.fetch(url, params));
  },
  // muteHttpExceptions is set per request, so one error answer does not throw away the others.
  fetchAll(requests) {
    return UrlFetchApp.fetchAll(requests.map(fetchParams)).map(answer);
  },
};
