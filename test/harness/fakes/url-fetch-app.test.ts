import { createServer } from 'node:net';
import { Blob } from '../../../harness/fakes/blob';
import { UrlFetchApp, type RecordedHttpExchange } from '../../../harness/fakes/url-fetch-app';
import { delay, startLocalServer, type LocalServer } from './local-http-server';
import { startSelfSignedServer } from './self-signed-server';

let server: LocalServer;

beforeAll(async () => {
  server = await startLocalServer(async (request, response) => {
    const url = new URL(request.url, 'http://local');
    switch (url.pathname) {
      case '/echo':
        response.setHeader('Content-Type', 'application/json');
        response.end(
          JSON.stringify({ method: request.method, url: request.url, headers: request.headers, body: request.body.toString('utf8') }),
        );
        return;
      case '/status':
        response.statusCode = Number(url.searchParams.get('code'));
        response.end(url.searchParams.get('body') ?? 'problem details');
        return;
      case '/long-error':
        response.statusCode = 500;
        response.end('e'.repeat(5000));
        return;
      case '/cookies':
        response.setHeader('Set-Cookie', ['a=1', 'b=2']);
        response.setHeader('X-Single', 'one');
        response.end('ok');
        return;
      case '/latin1':
        response.setHeader('Content-Type', 'text/plain; charset=ISO-8859-1');
        response.end(Buffer.from('café', 'latin1'));
        return;
      case '/bytes':
        response.end(Buffer.from([0, 127, 128, 255]));
        return;
      case '/redirect':
        response.statusCode = 302;
        response.setHeader('Location', '/echo?redirected=1');
        response.end();
        return;
      case '/slow':
        await delay(Number(url.searchParams.get('ms')));
        response.end(`slept ${url.searchParams.get('ms')}`);
        return;
      default:
        response.statusCode = 404;
        response.end('not here');
    }
  });
});

afterAll(() => server.close());

const app = new UrlFetchApp({ scriptId: 'script-123' });

async function echoed(url: string, params?: Parameters<UrlFetchApp['fetch']>[1]) {
  const response = await app.fetch(url, params);
  return JSON.parse(response.getContentText()) as { method: string; url: string; headers: Record<string, string>; body: string };
}

describe('requests', () => {
  test('GET by default, with the Apps Script user agent', async () => {
    const seen = await echoed(`${server.url}/echo`);
    expect(seen.method).toBe('GET');
    expect(seen.headers['user-agent']).toBe(
      'Mozilla/5.0 (compatible; Google-Apps-Script; beanserver; +https://script.google.com; id: script-123)',
    );
  });

  test('method, headers and a string payload with its content type', async () => {
    const seen = await echoed(`${server.url}/echo`, {
      method: 'post',
      contentType: 'application/json',
      headers: { Authorization: 'Bearer token' },
      payload: JSON.stringify({ a: 1 }),
    });
    expect(seen).toMatchObject({ method: 'POST', body: '{"a":1}' });
    expect(seen.headers).toMatchObject({ authorization: 'Bearer token', 'content-type': 'application/json' });
  });

  test('an object payload is form-encoded, never JSON', async () => {
    const seen = await echoed(`${server.url}/echo`, { method: 'post', payload: { name: 'a b', n: 2 } });
    expect(seen.body).toBe('name=a+b&n=2');
    expect(seen.headers['content-type']).toBe('application/x-www-form-urlencoded');
  });

  test('an object payload holding a blob is sent as multipart/form-data', async () => {
    const file = new Blob(Buffer.from('file body'), 'text/plain', 'notes.txt');
    const seen = await echoed(`${server.url}/echo`, { method: 'post', payload: { field: 'v', file } });
    expect(seen.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
    expect(seen.body).toContain(
      'Content-Disposition: form-data; name="file"; filename="notes.txt"\r\nContent-Type: text/plain\r\n\r\nfile body',
    );
    expect(seen.body).toContain('name="field"\r\n\r\nv');
  });

  test('a Byte[] payload is sent as bytes', async () => {
    const seen = await echoed(`${server.url}/echo`, { method: 'put', contentType: 'text/plain', payload: [104, 105] });
    expect(seen).toMatchObject({ method: 'PUT', body: 'hi' });
  });

  test('characters that cannot go on a request line are escaped unless escaping is false', async () => {
    expect((await echoed(`${server.url}/echo?q=a b|c`)).url).toBe('/echo?q=a%20b%7Cc');
    expect((await echoed(`${server.url}/echo?q=a|c`, { escaping: false })).url).toBe('/echo?q=a|c');
  });

  test('an invalid URL is an invalid argument', async () => {
    await expect(app.fetch('not a url')).rejects.toMatchObject({ name: 'Exception', message: 'Invalid argument: not a url' });
  });

  test('a params key set to undefined is refused before anything is sent; leaving the key out is fine', async () => {
    const before = server.requests.length;
    await expect(app.fetch(`${server.url}/echo`, { method: 'get', payload: undefined })).rejects.toMatchObject({
      name: 'Exception',
      message: expect.stringMatching(/^Invalid argument: payload /),
    });
    await expect(app.fetch(`${server.url}/echo`, { method: 'get', contentType: undefined })).rejects.toThrow(
      /Invalid argument: contentType/,
    );
    await expect(app.fetchAll([{ url: `${server.url}/echo`, payload: undefined }])).rejects.toThrow(/Invalid argument: payload/);
    expect(() => app.getRequest(`${server.url}/echo`, { headers: undefined })).toThrow(/Invalid argument: headers/);
    expect(server.requests.length).toBe(before);
    expect((await echoed(`${server.url}/echo`, { method: 'get' })).method).toBe('GET');
  });

  test('getRequest describes the request without sending it', () => {
    const before = server.requests.length;
    expect(app.getRequest(`${server.url}/echo`, { method: 'post', payload: 'x=1' })).toMatchObject({
      url: `${server.url}/echo`,
      method: 'post',
      payload: 'x=1',
      contentType: 'application/x-www-form-urlencoded',
      followRedirects: true,
      validateHttpsCertificates: true,
    });
    expect(server.requests.length).toBe(before);
  });

  test('requests are recorded when a log is given', async () => {
    const requestLog: RecordedHttpExchange[] = [];
    await new UrlFetchApp({ requestLog }).fetch(`${server.url}/echo`, { method: 'post', payload: 'p' });
    expect(requestLog).toEqual([expect.objectContaining({ url: `${server.url}/echo`, method: 'POST', body: 'p', status: 200 })]);
  });
});

describe('responses', () => {
  test('a code of 400 or more throws Apps Script’s exception, naming only the origin', async () => {
    await expect(app.fetch(`${server.url}/status?code=403&body=denied`)).rejects.toMatchObject({
      name: 'Exception',
      message: `Request failed for ${server.url} returned code 403. Truncated server response: denied (use muteHttpExceptions option to examine full response)`,
    });
  });

  test('the server response in that message is truncated', async () => {
    const failure = app.fetch(`${server.url}/long-error`);
    await expect(failure).rejects.toThrow(/Truncated server response: e{1000}\.\.\. \(use muteHttpExceptions/);
  });

  test('muteHttpExceptions returns the response instead', async () => {
    const response = await app.fetch(`${server.url}/status?code=500&body=broken`, { muteHttpExceptions: true });
    expect(response.getResponseCode()).toBe(500);
    expect(response.getContentText()).toBe('broken');
  });

  test('headers: one value each from getHeaders, arrays for repeated ones from getAllHeaders', async () => {
    const response = await app.fetch(`${server.url}/cookies`);
    expect(response.getHeaders()).toMatchObject({ 'Set-Cookie': 'a=1', 'X-Single': 'one' });
    expect(response.getAllHeaders()).toMatchObject({ 'Set-Cookie': ['a=1', 'b=2'], 'X-Single': 'one' });
  });

  test('content as signed bytes, as text in the declared or a given charset, and as a blob', async () => {
    expect((await app.fetch(`${server.url}/bytes`)).getContent()).toEqual([0, 127, -128, -1]);
    const latin = await app.fetch(`${server.url}/latin1`);
    expect(latin.getContentText()).toBe('café');
    expect(latin.getContentText('UTF-8')).not.toBe('café');
    expect(latin.getBlob().getContentType()).toBe('text/plain; charset=ISO-8859-1');
    expect(latin.getBlob().getBytes()).toEqual([99, 97, 102, -23]);
    expect((await app.fetch(`${server.url}/echo`)).getBlob().getDataAsString()).toContain('"method":"GET"');
  });

  test('redirects are followed unless followRedirects is false', async () => {
    expect(JSON.parse((await app.fetch(`${server.url}/redirect`)).getContentText())).toMatchObject({ url: '/echo?redirected=1' });
    const unfollowed = await app.fetch(`${server.url}/redirect`, { followRedirects: false });
    expect(unfollowed.getResponseCode()).toBe(302);
    expect(unfollowed.getHeaders()).toMatchObject({ Location: '/echo?redirected=1' });
  });
});

describe('failures and timing', () => {
  test('a request that takes longer than the timeout throws "Timeout: URL"', async () => {
    const impatient = new UrlFetchApp({ timeoutMs: 150 });
    const url = `${server.url}/slow?ms=1000`;
    await expect(impatient.fetch(url)).rejects.toMatchObject({ name: 'Exception', message: `Timeout: ${url}` });
  });

  test('a host that refuses the connection is "Address unavailable"', async () => {
    const closedPort = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as { port: number };
        probe.close(() => resolve(port));
      });
    });
    const url = `http://127.0.0.1:${closedPort}/`;
    await expect(app.fetch(url)).rejects.toMatchObject({ name: 'Exception', message: `Address unavailable: ${url}` });
  });

  test('fetchAll sends its requests in parallel and returns responses in request order', async () => {
    const first = server.requests.length;
    const responses = await app.fetchAll([`${server.url}/slow?ms=300`, { url: `${server.url}/slow?ms=301`, method: 'get' }]);
    expect(responses.map((response) => response.getContentText())).toEqual(['slept 300', 'slept 301']);
    const [a, b] = server.requests.slice(first);
    // Both requests reached the server before either response was finished.
    expect(a && b).toBeTruthy();
    expect(Math.max(a!.startedAt, b!.startedAt)).toBeLessThan(Math.min(a!.finishedAt!, b!.finishedAt!));
  });

  test('fetchAll throws when one request fails and is not muted', async () => {
    await expect(app.fetchAll([`${server.url}/echo`, `${server.url}/status?code=500`])).rejects.toThrow(/returned code 500/);
    const responses = await app.fetchAll([{ url: `${server.url}/status?code=500`, muteHttpExceptions: true }]);
    expect(responses[0]?.getResponseCode()).toBe(500);
  });
});

describe('https certificates', () => {
  let tls: { url: string; close: () => Promise<void> } | undefined;

  beforeAll(async () => {
    tls = await startSelfSignedServer();
  });
  afterAll(() => tls?.close());

  test('a self-signed certificate is refused unless validateHttpsCertificates is false', async () => {
    if (!tls) return; // no openssl on this machine to make a certificate
    await expect(app.fetch(`${tls.url}/`)).rejects.toMatchObject({ name: 'Exception', message: `SSL Error ${tls.url}/` });
    const response = await app.fetch(`${tls.url}/`, { validateHttpsCertificates: false });
    expect(response.getContentText()).toBe('secure hello');
  });
});
