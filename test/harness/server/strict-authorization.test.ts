import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildAddon } from '../../../scripts/build-addon';
import { startHarness, type RunningHarness } from '../../../harness/server/start-harness';
import { addonWithExtraScript } from './addon-with-extra-script';

/**
 * The built bundle in the harness, with the fakes refusing what Apps Script refuses: scopes outside the
 * manifest or not granted, services in AuthMode.NONE, fetches outside urlFetchWhitelist in a versioned
 * deployment, and entry points that ask for consent instead of failing midway (issue 17, points 5 and 8).
 */
describe('the built add-on under Apps Script authorization rules', () => {
  let directory: string;
  const harnesses: RunningHarness[] = [];
  const open = async (options: { addonDirectory: string; deployment?: 'test' | 'versioned'; backendUrl?: string }) => {
    const harness = await startHarness({
      backendUrl: options.backendUrl ?? 'http://127.0.0.1:9',
      addonDirectory: options.addonDirectory,
      deployment: options.deployment,
    });
    harnesses.push(harness);
    return harness;
  };

  beforeAll(async () => {
    directory = mkdtempSync(path.join(tmpdir(), 'strict-addon-'));
    // A harness build for a loopback backend (port 9: nothing listens, so an allowed fetch fails to connect).
    await buildAddon({ outputDirectory: path.join(directory, 'built-for-backend'), backendUrl: 'http://127.0.0.1:9', harness: true });
    await buildAddon({ outputDirectory: path.join(directory, 'no-backend-url'), backendUrl: undefined });
  }, 60_000);
  afterEach(async () => {
    for (const harness of harnesses.splice(0)) await harness.close();
  });
  afterAll(() => rmSync(directory, { recursive: true, force: true }));

  it('writes the backend origin into the built manifest and refuses an http backend in a build for Google', async () => {
    const manifest = JSON.parse(readFileSync(path.join(directory, 'built-for-backend', 'appsscript.json'), 'utf8'));
    expect(manifest.urlFetchWhitelist).toEqual(['http://127.0.0.1:9/']);
    expect(readFileSync(path.join(directory, 'built-for-backend', 'Code.js'), 'utf8')).toContain('"http://127.0.0.1:9"');
    await expect(buildAddon({ outputDirectory: path.join(directory, 'refused'), backendUrl: 'http://127.0.0.1:9' })).rejects.toThrow(
      /must use https/,
    );
    await expect(
      buildAddon({ outputDirectory: path.join(directory, 'refused'), backendUrl: 'http://backend.example.com', harness: true }),
    ).rejects.toThrow(/must use https/);
  });

  it('runs onOpen in AuthMode.NONE: the menu is built and no authorised service was needed', async () => {
    const harness = await open({ addonDirectory: path.join(directory, 'no-backend-url') });
    expect(harness.workspace.menus[0]?.items.length).toBeGreaterThan(0);
    await expect(harness.runtime.run('onOpen', [{ authMode: 'NONE' }])).resolves.toBeUndefined();
  });

  it('refuses, in AuthMode.NONE, an onOpen that reads the document or opens the sidebar as the menu items do', async () => {
    // The add-on's onOpen with one more call after the menu: what the add-on must never do there.
    const variant = (call: string) =>
      addonWithExtraScript(path.join(directory, 'no-backend-url'), `function onOpen(event) {\n  AddOn.onOpen(event);\n  ${call};\n}`);
    const readsDocument = variant('DocumentApp.getActiveDocument().getBody()');
    const opensSidebar = variant('AddOn.showSidebar()');
    try {
      // Opening the harness runs onOpen in NONE first, as Docs does before the add-on is used in a document.
      await expect(open({ addonDirectory: readsDocument })).rejects.toThrow(
        /permission to call DocumentApp\.getActiveDocument in AuthMode\.NONE/,
      );
      await expect(open({ addonDirectory: opensSidebar })).rejects.toThrow(/in AuthMode\.NONE/);
      // Once the add-on is in use (FULL), the same onOpen is allowed.
      const full = await open({ addonDirectory: path.join(directory, 'no-backend-url') });
      await expect(full.runtime.run('onOpen', [{ authMode: 'FULL' }])).resolves.toBeUndefined();
    } finally {
      rmSync(readsDocument, { recursive: true, force: true });
      rmSync(opensSidebar, { recursive: true, force: true });
    }
  });

  it('re-prompts for consent when the user unticked a scope, before calling anything', async () => {
    const harness = await open({ addonDirectory: path.join(directory, 'no-backend-url') });
    harness.workspace.grantedScopes = [
      'https://www.googleapis.com/auth/documents',
      'https://www.googleapis.com/auth/script.container.ui',
      'openid',
    ];
    const before = harness.requestLog.length;
    await expect(harness.runtime.run('getSidebarState')).rejects.toThrow(/Authorization is required/);
    await expect(harness.runtime.run('fillAllTags')).rejects.toThrow(/Authorization is required/);
    expect(harness.workspace.authorizationPrompts.at(-1)).toEqual(
      expect.arrayContaining(['https://www.googleapis.com/auth/script.external_request', 'https://www.googleapis.com/auth/userinfo.email']),
    );
    expect(harness.requestLog.length).toBe(before);
  });

  it('a versioned deployment without urlFetchWhitelist cannot reach the backend; with it, only the backend', async () => {
    const unlisted = await open({ addonDirectory: path.join(directory, 'no-backend-url'), deployment: 'versioned' });
    // The sidebar reports the refused backend instead of failing.
    await expect(unlisted.runtime.run('getSidebarState')).resolves.toMatchObject({
      backend: {
        reachable: false,
        error: expect.stringMatching(/versioned deployment may fetch only URLs its manifest's urlFetchWhitelist lists/),
      },
    });
    expect(unlisted.requestLog).toHaveLength(0);

    const listed = await open({ addonDirectory: path.join(directory, 'built-for-backend'), deployment: 'versioned' });
    // The allowlisted backend is fetched (nothing listens on port 9, so the fetch itself fails to connect).
    const outcome = await listed.runtime.run('getSidebarState').catch((error: Error) => error);
    expect(JSON.stringify(outcome)).not.toMatch(/urlFetchWhitelist/);
    expect(listed.requestLog.length).toBeGreaterThan(0);
    // A script property pointing elsewhere cannot take the add-on outside its allowlist: the built URL wins.
    listed.workspace.propertyStores.script.set('BACKEND_URL', 'https://elsewhere.example.net');
    const requests = listed.requestLog.length;
    await listed.runtime.run('getSidebarState').catch(() => undefined);
    expect(listed.requestLog.slice(requests).every((exchange) => exchange.url.startsWith('http://127.0.0.1:9/'))).toBe(true);
  });

  it('refuses a service call whose scope the manifest does not list, naming the scope', async () => {
    const addonDirectory = path.join(directory, 'no-backend-url');
    const manifestFile = path.join(addonDirectory, 'appsscript.json');
    const manifest = JSON.parse(readFileSync(manifestFile, 'utf8'));
    writeFileSync(
      manifestFile,
      JSON.stringify({ ...manifest, oauthScopes: manifest.oauthScopes.filter((scope: string) => !scope.endsWith('/documents')) }),
    );
    try {
      const harness = await open({ addonDirectory }).catch((error: Error) => error);
      // Opening the sidebar (a menu item) needs every manifest scope granted, which it is; the document is not reachable.
      if (harness instanceof Error) throw harness;
      await expect(harness.runtime.run('rescanDocument')).rejects.toThrow(
        /Specified permissions are not sufficient to call DocumentApp.getActiveDocument. Required permissions: .*documents/,
      );
    } finally {
      writeFileSync(manifestFile, JSON.stringify(manifest, null, 2));
    }
  });

  it('shows dialogs at the size the add-on asked for', async () => {
    const harness = await open({ addonDirectory: path.join(directory, 'no-backend-url') });
    await harness.runtime.run('showHelp');
    expect(harness.workspace.dialog).toMatchObject({ title: 'AI Template Fill help', width: 420, height: 240 });
    expect(harness.workspace.sidebar).toMatchObject({ width: 300 });
  });
});
