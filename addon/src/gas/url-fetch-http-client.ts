import type { HttpClient } from '../backend/http-client';

/** UrlFetchApp behind the add-on's HttpClient; errors come back as status codes, not exceptions. */
export const urlFetchHttpClient: HttpClient = {
  fetch(request) {
    const response = UrlFetchApp.fetch(request.url, {
      method: request.method,
      headers: request.headers,
      contentType: request.body === undefined ? undefined : 'application/json',
      payload: request.body,
      muteHttpExceptions: true,
      followRedirects: false,
    } as GoogleAppsScript.URL_Fetch.URLFetchRequestOptions);
    return { status: response.getResponseCode(), body: response.getContentText() };
  },
};
