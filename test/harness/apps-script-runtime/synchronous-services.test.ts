import { performance } from 'node:perf_hooks';
import { AppsScriptRuntime } from '../../../harness/apps-script-runtime';
import { PropertiesService, PropertyStores } from '../../../harness/fakes/properties-service';
import { UrlFetchApp } from '../../../harness/fakes/url-fetch-app';
import { Utilities } from '../../../harness/fakes/utilities';
import { delay, startLocalServer, type LocalServer } from '../fakes/local-http-server';
import { ScriptBundles } from './script-bundle';

const bundles = new ScriptBundles();
let server: LocalServer;
let runtime: AppsScriptRuntime;
const stores = new PropertyStores();

const script = `
function askServer(name) {
  var response = UrlFetchApp.fetch(BASE_URL() + '/greet', {
    method: 'post', contentType: 'application/json', payload: JSON.stringify({ name: name }),
  });
  var body = JSON.parse(response.getContentText());
  return { code: response.getResponseCode(), greeting: body.greeting, type: response.getHeaders()['Content-Type'] };
}
function fetchThenCount() {
  var order = [];
  order.push('before');
  var text = UrlFetchApp.fetch(BASE_URL() + '/slow').getContentText();
  order.push(text);
  order.push('after');
  return order;
}
function failingRequest() {
  try { UrlFetchApp.fetch(BASE_URL() + '/missing'); } catch (e) { return String(e); }
}
function parallel() {
  return UrlFetchApp.fetchAll([BASE_URL() + '/slow', BASE_URL() + '/slow']).map(function (r) { return r.getContentText(); });
}
function sleepy(ms) {
  var started = Date.now();
  Utilities.sleep(ms);
  return Date.now() - started;
}
function remember(value) { PropertiesService.getUserProperties().setProperty('last', value); }
function recall() { return PropertiesService.getUserProperties().getProperty('last'); }
function tooLarge() {
  try { PropertiesService.getScriptProperties().setProperty('big', new Array(10000).join('x')); } catch (e) { return String(e); }
}
function blobRoundTrip() {
  var blob = Utilities.newBlob('payload text', 'text/plain', 'a.txt');
  var response = UrlFetchApp.fetch(BASE_URL() + '/echo-body', { method: 'post', payload: blob });
  return response.getContentText();
}
`;

beforeAll(async () => {
  server = await startLocalServer(async (request, response) => {
    if (request.url === '/greet') {
      const { name } = JSON.parse(request.body.toString('utf8')) as { name: string };
      response.setHeader('Content-Type', 'application/json');
      response.end(JSON.stringify({ greeting: `Hello ${name}` }));
    } else if (request.url === '/slow') {
      await delay(300);
      response.end('response');
    } else if (request.url === '/echo-body') {
      response.end(`${request.headers['content-type']}: ${request.body.toString('utf8')}`);
    } else {
      response.statusCode = 404;
      response.end('nothing here');
    }
  });
  // The base URL reaches the script as a function so the bundle stays a constant file.
  runtime = new AppsScriptRuntime({
    bundlePath: bundles.write(`${script}\nfunction BASE_URL() { return ${JSON.stringify(server.url)}; }`),
    createServices: () => ({
      UrlFetchApp: new UrlFetchApp(),
      Utilities: new Utilities(),
      PropertiesService: new PropertiesService({ stores, currentUser: () => 'ann@example.com', currentDocumentId: () => 'doc' }),
    }),
  });
});

afterAll(async () => {
  await runtime.close();
  await server.close();
  bundles.remove();
});

test('UrlFetchApp.fetch does real HTTP and returns the response synchronously', async () => {
  await expect(runtime.run('askServer', ['Ann'])).resolves.toEqual({ code: 200, greeting: 'Hello Ann', type: 'application/json' });
});

test('the script does not continue until the response has arrived', async () => {
  await expect(runtime.run('fetchThenCount', [])).resolves.toEqual(['before', 'response', 'after']);
});

test('an HTTP error reaches the script as Apps Script’s exception', async () => {
  await expect(runtime.run('failingRequest', [])).resolves.toBe(
    `Exception: Request failed for ${server.url} returned code 404. Truncated server response: nothing here (use muteHttpExceptions option to examine full response)`,
  );
});

test('fetchAll inside the script still runs its requests in parallel', async () => {
  const first = server.requests.length;
  await expect(runtime.run('parallel', [])).resolves.toEqual(['response', 'response']);
  const [a, b] = server.requests.slice(first);
  expect(Math.max(a?.startedAt ?? Infinity, b?.startedAt ?? Infinity)).toBeLessThan(Math.min(a?.finishedAt ?? 0, b?.finishedAt ?? 0));
});

test('Utilities.sleep blocks the execution for the time asked', async () => {
  const started = performance.now();
  const slept = (await runtime.run('sleepy', [200])) as number;
  expect(slept).toBeGreaterThanOrEqual(195);
  expect(performance.now() - started).toBeGreaterThanOrEqual(195);
});

test('a blob made by one service is used by another as the real host object', async () => {
  await expect(runtime.run('blobRoundTrip', [])).resolves.toBe('text/plain: payload text');
});

test('properties outlive the execution that wrote them, and their limits throw in the script', async () => {
  await runtime.run('remember', ['kept']);
  await expect(runtime.run('recall', [])).resolves.toBe('kept');
  await expect(runtime.run('tooLarge', [])).resolves.toBe('Exception: Argument too large: value');
});
