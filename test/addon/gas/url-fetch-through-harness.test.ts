import { rmSync } from 'node:fs';
import path from 'node:path';
import { startHarness, type RunningHarness } from '../../../harness/server/start-harness';
import { startLocalStack, type LocalStack } from '../../support/local-stack';
import { addonWithExtraScript } from '../../harness/server/addon-with-extra-script';

/**
 * The add-on's GET requests through the built bundle (dist/addon/Code.js) in the harness runtime, where the
 * UrlFetchApp fake refuses a params key set to undefined as Apps Script does (issue 17, point 5).
 */
const addonDirectory = path.resolve(__dirname, '..', '..', '..', 'dist', 'addon');

// Two calls a script could make from the same sandbox: the shape the add-on uses for a GET (no payload or
// contentType key at all), and the shape it used to send (`{ payload: request.body }` with no body).
const probes = `
function getLikeTheAddOn(url) {
  return UrlFetchApp.fetch(url, { method: 'get', headers: { accept: 'application/json' }, muteHttpExceptions: true, followRedirects: false }).getResponseCode();
}
function getWithUndefinedPayload(url) {
  return UrlFetchApp.fetch(url, { method: 'get', headers: {}, contentType: undefined, payload: undefined, muteHttpExceptions: true }).getResponseCode();
}`;

describe('GET requests of the built add-on under UrlFetchApp', () => {
  let stack: LocalStack;
  let variant: string;
  let probing: RunningHarness;

  beforeAll(async () => {
    stack = await startLocalStack();
    variant = addonWithExtraScript(addonDirectory, probes);
    probing = await startHarness({ backendUrl: stack.backend.url, addonDirectory: variant });
  });
  afterAll(async () => {
    await probing?.close();
    await stack?.close();
    if (variant) rmSync(variant, { recursive: true, force: true });
  });

  it('the add-on’s own GETs (opening the sidebar reads the template) go through and are answered', async () => {
    const before = stack.harness.requestLog.length;
    const state = (await stack.harness.runtime.run('getSidebarState', [])) as { backend: { reachable: boolean } };
    expect(state.backend.reachable).toBe(true);
    const gets = stack.harness.requestLog.slice(before).filter((exchange) => exchange.method === 'GET');
    expect(gets.length).toBeGreaterThan(0);
    // Each was answered by the backend (a template never saved is a 404 the sidebar expects), and some with data.
    expect(gets.map((exchange) => exchange.status)).toContain(200);
    for (const exchange of gets) {
      expect([200, 404]).toContain(exchange.status);
      // No body and no content type: nothing of a payload went along.
      expect(exchange.body).toBe('');
      expect(Object.keys(exchange.headers).map((name) => name.toLowerCase())).not.toContain('content-type');
    }
  });

  it('a GET shaped as the add-on sends it works in the sandbox; the same GET with undefined payload keys is refused before it is sent', async () => {
    const url = `${stack.backend.url}/v1/templates/sample-proposal`;
    expect(await probing.runtime.run('getLikeTheAddOn', [url])).toBe(401);
    const sent = probing.requestLog.length;
    await expect(probing.runtime.run('getWithUndefinedPayload', [url])).rejects.toThrow(/Invalid argument: (payload|contentType)/);
    expect(probing.requestLog.length).toBe(sent);
  });
});
