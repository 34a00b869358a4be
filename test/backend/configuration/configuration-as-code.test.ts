import request from 'supertest';
import { parse, stringify } from 'yaml';
import { developmentBearer, startTestBackend, type TestBackend } from '../../support/test-backend';

/*
 * Configuration as code over HTTP, as the admin dialog and a script use it: export an organisation's settings,
 * connections (never their keys) and template tag configurations as YAML, review what a file would change
 * (dry run), import it, and be told plainly what a file cannot do.
 */
describe('/v1/configuration: export, dry-run diff and import of an organisation as YAML', () => {
  let backend: TestBackend;
  const admin = developmentBearer({ sub: 'config-owner', email: 'owner@config.example', hd: 'config.example' });
  const member = developmentBearer({ sub: 'config-member', email: 'member@config.example', hd: 'config.example' });
  const otherAdmin = developmentBearer({ sub: 'other-owner', email: 'owner@other.example', hd: 'other.example' });
  const apiKey = 'sk-config-test-0123456789abcdef';
  let connectionId: string;

  const call = (bearer: string) => ({
    get: (path: string) => request(backend.app).get(path).set('authorization', bearer),
    post: (path: string, body: object) => request(backend.app).post(path).set('authorization', bearer).send(body),
    put: (path: string, body: object) => request(backend.app).put(path).set('authorization', bearer).send(body),
  });
  const exported = async (bearer = admin) => {
    const response = await call(bearer).get('/v1/configuration');
    expect(response.status).toBe(200);
    return response.body as { fileName: string; yaml: string };
  };
  const importFile = (yaml: string, dryRun: boolean, bearer = admin) => call(bearer).post('/v1/configuration/import', { yaml, dryRun });

  beforeAll(async () => {
    backend = await startTestBackend();
    // The first to sign in owns the organisation; the member signs in after.
    expect((await call(admin).get('/v1/session')).status).toBe(200);
    expect((await call(member).get('/v1/session')).status).toBe(200);
    expect((await call(otherAdmin).get('/v1/session')).status).toBe(200);
    const settings = await call(admin).put('/v1/settings', {
      baseVersion: 0,
      settings: { budgets: { organisation: { monthlyUsd: 50 } }, cacheTtlSeconds: 3600 },
    });
    expect(settings.status).toBe(200);
    const connection = await call(admin).post('/v1/connections', { provider: 'openai', name: 'Team key', apiKey });
    expect(connection.status).toBe(201);
    connectionId = connection.body.id;
    const template = await call(admin).put('/v1/templates/proposal-doc', {
      baseVersion: 0,
      template: { name: 'Proposal', tags: { intro: { prompt: 'Introduce {{client}}.' } } },
    });
    expect(template.status).toBe(200);
  });
  afterAll(async () => {
    await backend.close();
  });

  it('exports settings, connections without their keys, and templates as YAML a person can read', async () => {
    const { fileName, yaml } = await exported();
    expect(fileName).toMatch(/^config\.example-configuration-\d{4}-\d{2}-\d{2}\.yaml$/);
    expect(yaml).toMatch(/^# Configuration of domain:config\.example/);
    expect(yaml).not.toContain(apiKey);
    expect(yaml).not.toMatch(/fingerprint|sealed|lastFour/);
    const file = parse(yaml);
    expect(file).toMatchObject({
      version: 1,
      organisation: 'domain:config.example',
      settings: { budgets: { organisation: { monthlyUsd: 50 } }, cacheTtlSeconds: 3600 },
      connections: [{ id: connectionId, provider: 'openai', name: 'Team key', baseUrl: null, enabled: true }],
      templates: { 'proposal-doc': { name: 'Proposal', tags: { intro: { prompt: 'Introduce {{client}}.' } } } },
    });
  });

  it('a file exported and imported unchanged changes nothing', async () => {
    const outcome = await importFile((await exported()).yaml, false);
    expect(outcome.status).toBe(200);
    expect(outcome.body).toMatchObject({ applied: false, changes: [], problems: [] });
  });

  it('a dry run lists each change by path and writes nothing; the import then writes exactly that', async () => {
    const file = parse((await exported()).yaml);
    file.settings.budgets.organisation.monthlyUsd = 80;
    file.connections[0].name = 'Finance key';
    file.templates['proposal-doc'].tags.intro.prompt = 'Introduce {{client}} warmly.';
    const edited = stringify(file);

    const dryRun = await importFile(edited, true);
    expect(dryRun.status).toBe(200);
    expect(dryRun.body.applied).toBe(false);
    expect(dryRun.body.problems).toEqual([]);
    expect(dryRun.body.changes).toEqual([
      { section: 'settings', path: 'settings.budgets.organisation.monthlyUsd', change: 'changed', before: '50', after: '80' },
      { section: 'connections', path: `connections.${connectionId}.name`, change: 'changed', before: '"Team key"', after: '"Finance key"' },
      {
        section: 'templates',
        path: 'templates.proposal-doc.tags.intro.prompt',
        change: 'changed',
        before: '"Introduce {{client}}."',
        after: '"Introduce {{client}} warmly."',
      },
    ]);
    expect((await call(admin).get('/v1/settings')).body.settings.budgets.organisation.monthlyUsd).toBe(50);

    const applied = await importFile(edited, false);
    expect(applied.status).toBe(200);
    expect(applied.body.applied).toBe(true);
    expect(applied.body.changes).toEqual(dryRun.body.changes);
    const settings = (await call(admin).get('/v1/settings')).body;
    expect(settings.settings.budgets.organisation.monthlyUsd).toBe(80);
    expect(settings.updatedBy).toBe('owner@config.example');
    expect((await call(admin).get(`/v1/connections/${connectionId}`)).body).toMatchObject({ name: 'Finance key', enabled: true });
    const template = (await call(admin).get('/v1/templates/proposal-doc')).body;
    expect(template).toMatchObject({ version: 2, tags: { intro: { prompt: 'Introduce {{client}} warmly.' } } });
    const audit = (await call(admin).get('/v1/audit')).body.entries.map((entry: { action: string }) => entry.action);
    expect(audit).toEqual(expect.arrayContaining(['settings.update', 'connection.update']));
  });

  it('refuses what a file cannot do, names the place to fix, and writes nothing of it', async () => {
    const file = parse((await exported()).yaml);
    file.settings.budgets.organisation.monthlyUsd = 120;
    file.connections[0].baseUrl = 'https://attacker.example/v1';
    file.templates['proposal-doc'].tags.intro.provider = 'mistral';
    file.settings.alerts.emails = ['someone@elsewhere.example'];
    const dryRun = await importFile(stringify(file), true);
    expect(dryRun.status).toBe(200);
    expect(dryRun.body.problems).toEqual([
      expect.stringMatching(/^settings: Alerts go only to people of your organisation: someone@elsewhere\.example/),
      expect.stringMatching(new RegExp(`^connections\\.${connectionId}\\.baseUrl: a new endpoint needs the key again`)),
      expect.stringMatching(/^templates\.proposal-doc\.tags\.intro: There is no provider "mistral"/),
    ]);
    const refused = await importFile(stringify(file), false);
    expect(refused.status).toBe(400);
    expect(refused.body.detail).toMatch(/^Nothing was imported\. Fix the file first: settings: Alerts go only/);
    expect((await call(admin).get('/v1/settings')).body.settings.budgets.organisation.monthlyUsd).toBe(80);
    expect((await call(admin).get(`/v1/connections/${connectionId}`)).body.baseUrl).toBeNull();
  });

  it('says where a file is broken: YAML syntax with its line, and values against the settings rules', async () => {
    // A line starting with % is a YAML directive: an unknown one is the file's mistake too (the fuzzer's find).
    for (const directive of ["%d6gx'}6W$", '%Lg']) {
      const answer = await importFile(directive, true);
      expect([answer.status, answer.body.problems?.[0]]).toEqual([200, expect.stringMatching(/^The file is not valid YAML: /)]);
    }
    const broken = await importFile('version: 1\nsettings:\n  budgets: [unclosed\n', true);
    expect(broken.status).toBe(200);
    expect(broken.body.problems[0]).toMatch(/^The file is not valid YAML: .*line \d+/);
    const invalid = await importFile(stringify({ version: 1, settings: { budgets: { organisation: { monthlyUsd: -5 } } } }), true);
    expect(invalid.body.problems).toEqual([expect.stringMatching(/^settings\.budgets\.organisation\.monthlyUsd: /)]);
    const noVersion = await importFile(stringify({ settings: {} }), false);
    expect(noVersion.status).toBe(400);
    expect(noVersion.body.detail).toContain('version: 1');
  });

  it('copies a configuration into another organisation: connections it lacks are notes, not keys out of nowhere', async () => {
    const { yaml } = await exported();
    const dryRun = await importFile(yaml, true, otherAdmin);
    expect(dryRun.body.notes).toEqual(
      expect.arrayContaining([
        'The file was exported from domain:config.example; it is compared with domain:other.example.',
        expect.stringMatching(
          new RegExp(`^Connection ${connectionId} \\(Finance key, openai\\) is not in this organisation: add it with its key`),
        ),
      ]),
    );
    expect(dryRun.body.changes).toEqual(
      expect.arrayContaining([
        { section: 'templates', path: 'templates.proposal-doc', change: 'added', before: null, after: expect.any(String) },
      ]),
    );
    expect((await importFile(yaml, false, otherAdmin)).body.applied).toBe(true);
    const copied = parse((await exported(otherAdmin)).yaml);
    const original = parse(yaml);
    expect(copied.settings).toEqual(original.settings);
    expect(copied.templates).toEqual(original.templates);
    expect(copied.connections).toEqual([]);
  });

  it('is for admins only', async () => {
    expect((await call(member).get('/v1/configuration')).status).toBe(403);
    expect((await importFile('version: 1\n', true, member)).status).toBe(403);
  });
});
