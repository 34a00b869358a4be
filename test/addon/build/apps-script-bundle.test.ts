import { readFileSync } from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import { adminServerFunctionNames } from '../../../addon/shared/admin-server-api';
import { serverApiFunctionNames } from '../../../addon/shared/server-api';
import { backgroundWorkerFunction } from '../../../addon/src/gas/background-trigger';
import { sidebarServerFunctionNames } from '../../../addon/shared/sidebar-server-api';

const distribution = path.resolve(__dirname, '../../../dist/addon');

/** Loads Code.js the way Apps Script does: one global scope, no require, no module, no exports. */
function loadBundle(globals: Record<string, unknown> = {}): vm.Context {
  const context = vm.createContext({ ...globals });
  vm.runInContext(readFileSync(path.join(distribution, 'Code.js'), 'utf8'), context, { filename: 'Code.js' });
  return context;
}

describe('the built Apps Script bundle (run `npm run build` first)', () => {
  it('loads with no module system and touches no service at load time', () => {
    expect(() => loadBundle()).not.toThrow();
  });

  it('declares every google.script.run target the pages call as a top-level function', () => {
    const context = loadBundle();
    for (const name of serverApiFunctionNames) expect(typeof context[name]).toBe('function');
    const declared = vm.runInContext(`[${serverApiFunctionNames.map((name) => `typeof ${name}`).join(',')}]`, context) as string[];
    expect(declared).toEqual(serverApiFunctionNames.map(() => 'function'));
  });

  it('refuses an admin operation that does not exist, naming it, before calling the backend', () => {
    const scopes: string[] = [];
    const context = loadBundle({ ScriptApp: { AuthMode: { FULL: 'FULL' }, requireAllScopes: (mode: string) => scopes.push(mode) } });
    expect(() => vm.runInContext('adminCall("dropEverything", {})', context)).toThrow(
      'The page asked for an admin operation that does not exist: dropEverything.',
    );
    expect(scopes).toEqual(['FULL']);
  });

  it('declares the triggers and every function the menu names', () => {
    const menuHandlers: string[] = [];
    const menu = {
      addItem(_caption: string, functionName: string) {
        menuHandlers.push(functionName);
        return menu;
      },
      addSeparator: () => menu,
      addToUi: () => undefined,
    };
    const context = loadBundle({ DocumentApp: { getUi: () => ({ createAddonMenu: () => menu, createMenu: () => menu }) } });
    expect(typeof context.onOpen).toBe('function');
    expect(typeof context.onInstall).toBe('function');
    // The hourly trigger of bulk runs calls this global by the name gas/background-trigger.ts gives it.
    expect(typeof context[backgroundWorkerFunction]).toBe('function');
    vm.runInContext('onInstall({ authMode: "FULL" })', context);
    expect(menuHandlers.length).toBeGreaterThan(0);
    for (const handler of menuHandlers) expect(typeof context[handler]).toBe('function');
  });

  it('is referenced by the pages through google.script.run only under names the bundle declares', () => {
    const pages: [string, readonly string[]][] = [
      ['sidebar.html', sidebarServerFunctionNames],
      ['admin.html', adminServerFunctionNames],
    ];
    for (const [page, names] of pages) {
      const html = readFileSync(path.join(distribution, page), 'utf8');
      expect(html).not.toMatch(/<script[^>]+src=/i);
      expect(html).not.toMatch(/<link[^>]+href=/i);
      for (const name of names) expect({ page, name, referenced: html.includes(`"${name}"`) }).toEqual({ page, name, referenced: true });
    }
  });

  // Fill into a copy builds its copy with DocumentApp.create (documents scope). Bulk runs add three: spreadsheets
  // (SpreadsheetApp.openById of the sheet a person names), drive (File.makeCopy into the output folder and
  // setTrashed: DriveApp accepts no narrower scope; drive.file is not among its scopes) and script.scriptapp (the
  // hourly trigger). See docs/publishing-the-add-on.md and addon/src/gas/drive-folders.ts.
  it('ships a V8 manifest with the scopes the add-on needs, drive only for bulk runs', () => {
    const manifest = JSON.parse(readFileSync(path.join(distribution, 'appsscript.json'), 'utf8')) as {
      runtimeVersion: string;
      oauthScopes: string[];
    };
    expect(manifest.runtimeVersion).toBe('V8');
    expect([...manifest.oauthScopes].sort()).toEqual(
      [
        'https://www.googleapis.com/auth/documents',
        'https://www.googleapis.com/auth/script.container.ui',
        'https://www.googleapis.com/auth/script.external_request',
        'openid',
        'https://www.googleapis.com/auth/userinfo.email',
        'https://www.googleapis.com/auth/spreadsheets',
        'https://www.googleapis.com/auth/drive',
        'https://www.googleapis.com/auth/script.scriptapp',
      ].sort(),
    );
  });
});
