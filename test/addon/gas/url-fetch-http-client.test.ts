import { urlFetchHttpClient } from '../../../addon/src/gas/url-fetch-http-client';

/** What the add-on hands UrlFetchApp: read back from a recording stand-in for the service. */
describe('the UrlFetchApp client', () => {
  const calls: { url: string; params: Record<string, unknown> }[] = [];
  const response = { getResponseCode: () => 200, getContentText: () => '{}' };
  beforeAll(() => {
    (globalThis as unknown as { UrlFetchApp: unknown }).UrlFetchApp = {
      fetch: (url: string, params: Record<string, unknown>) => (calls.push({ url, params }), response),
      fetchAll: (requests: Record<string, unknown>[]) =>
        requests.map((params) => (calls.push({ url: String(params['url']), params }), response)),
    };
  });
  afterAll(() => {
    delete (globalThis as unknown as { UrlFetchApp?: unknown }).UrlFetchApp;
  });
  beforeEach(() => {
    calls.length = 0;
  });

  it('sends a GET without payload or contentType keys at all, not keys set to undefined', () => {
    urlFetchHttpClient.fetch({ url: 'https://backend.example/v1/session', method: 'get', headers: { authorization: 'Bearer t' } });
    urlFetchHttpClient.fetchAll([{ url: 'https://backend.example/v1/budget', method: 'get', headers: {} }]);
    for (const { params } of calls) {
      expect(Object.keys(params)).not.toContain('payload');
      expect(Object.keys(params)).not.toContain('contentType');
      expect(Object.values(params)).not.toContain(undefined);
      expect(params).toMatchObject({ method: 'get', muteHttpExceptions: true, followRedirects: false });
    }
    expect(calls).toHaveLength(2);
  });

  it('sends a body as JSON with its content type', () => {
    urlFetchHttpClient.fetch({ url: 'https://backend.example/v1/fills', method: 'post', headers: {}, body: '{"a":1}' });
    expect(calls[0]?.params).toMatchObject({ method: 'post', contentType: 'application/json', payload: '{"a":1}' });
  });
});
