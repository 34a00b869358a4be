import path from 'node:path';
import request from 'supertest';
import { startHarness, type RunningHarness } from '../../../harness/server/start-harness';

const addonDirectory = path.resolve(__dirname, '..', '..', '..', 'dist', 'addon');

describe('the harness server running the built add-on', () => {
  let harness: RunningHarness;
  beforeAll(async () => {
    // Nothing listens on port 9: the add-on's backend calls fail fast, which these tests do not need.
    harness = await startHarness({ backendUrl: 'http://127.0.0.1:9', addonDirectory });
  });
  afterAll(async () => {
    await harness.close();
  });

  it('ran onOpen: the add-on menu items are offered, and the sidebar is on screen', async () => {
    const response = await request(harness.url).get('/harness/ui');
    expect(response.status).toBe(200);
    expect(
      response.body.menuItems.map((item: { caption: string; functionName: string }) => `${item.caption}→${item.functionName}`),
    ).toEqual(['Open sidebar→showSidebar', 'Fill all tags→fillAllTags', 'Admin settings→showAdminSettings', 'Help→showHelp']);
    expect(response.body.sidebar).toMatchObject({ title: 'AI Template Fill' });
  });

  it('serves the real sidebar page with google.script defined before its own scripts', async () => {
    const response = await request(harness.url).get('/harness/sidebar');
    expect(response.status).toBe(200);
    expect(response.type).toBe('text/html');
    const shimAt = response.text.indexOf('google.script.run');
    const shim = response.text.indexOf('<script>');
    expect(shim).toBeGreaterThan(-1);
    expect(response.text.indexOf('id="fill-all"')).toBeGreaterThan(shim);
    expect(shimAt === -1 || shimAt > shim).toBe(true);
    expect(response.text).toMatch(/script:\s*\{\s*run:/);
  });

  it('renders the sample document with its tags escaped as text', async () => {
    const response = await request(harness.url).get('/harness/document');
    expect(response.status).toBe(200);
    expect(response.body.text).toContain('<<ai:intro>>');
    expect(response.body.html).toContain('&lt;&lt;ai:intro&gt;&gt;');
    expect(response.body.html).not.toContain('<<ai:intro>>');
  });

  it('runs a menu function and shows the dialog it opens', async () => {
    const run = await request(harness.url).post('/harness/run').send({ functionName: 'showHelp', args: [] });
    expect(run.body).toEqual({ ok: true });
    const ui = await request(harness.url).get('/harness/ui');
    expect(ui.body.dialog).toMatchObject({ title: 'AI Template Fill help' });
    const dialog = await request(harness.url).get('/harness/dialog');
    expect(dialog.text).toContain('&lt;&lt;ai:NAME&gt;&gt;');
    await request(harness.url).post('/harness/dialog/close').expect(204);
    expect((await request(harness.url).get('/harness/ui')).body.dialog).toBeNull();
  });

  it('hands script errors to the failure handler and refuses what google.script.run cannot call', async () => {
    const missing = await request(harness.url).post('/harness/run').send({ functionName: 'noSuchFunction' });
    expect(missing.status).toBe(200);
    expect(missing.body.ok).toBe(false);
    expect(missing.body.error.message).toMatch(/noSuchFunction/);

    const privateFunction = await request(harness.url).post('/harness/run').send({ functionName: 'helper_' });
    expect(privateFunction.status).toBe(400);
    expect(privateFunction.body.error.message).toMatch(/private/);
    const notAName = await request(harness.url).post('/harness/run').send({ functionName: 'alert(1)' });
    expect(notAName.status).toBe(400);
  });

  it('resets the document to the template and clears its saved prompts', async () => {
    const documentId = harness.workspace.document.getId();
    harness.workspace.propertyStores.document(documentId).set('prompt:intro', 'x');
    harness.workspace.document.getBody().appendParagraph('Typed by hand');
    const before = (await request(harness.url).get('/harness/document')).body;
    expect(before.text).toContain('Typed by hand');
    await request(harness.url).post('/harness/reset').expect(204);
    const after = (await request(harness.url).get('/harness/document')).body;
    expect(after.text).not.toContain('Typed by hand');
    expect(after.version).toBeGreaterThan(before.version);
    expect(harness.workspace.propertyStores.document(harness.workspace.document.getId()).size).toBe(0);
  });
});
