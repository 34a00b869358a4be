import request from 'supertest';
import { developmentBearer, startTestBackend, type TestBackend } from '../../support/test-backend';

interface TemplateView {
  documentId: string;
  templateId: string;
  inherited: boolean;
  version: number;
  name: string;
  tags: Record<string, Record<string, unknown>>;
  usageCount: number;
  lastUsedAt: string | null;
  updatedAt: string | null;
  updatedBy: string | null;
}

describe('/v1/templates: versioned tag configurations, lists and copies', () => {
  let backend: TestBackend;
  const organisation = 'domain:templates.example';
  const bearer = developmentBearer({ sub: 'tpl-owner', email: 'owner@templates.example', hd: 'templates.example' });

  beforeAll(async () => {
    backend = await startTestBackend();
  });
  afterAll(async () => {
    await backend.close();
  });

  const get = (path: string) => request(backend.app).get(path).set('authorization', bearer);
  const put = (documentId: string, body: object) =>
    request(backend.app).put(`/v1/templates/${documentId}`).set('authorization', bearer).send(body);
  const link = (documentId: string, copyDocumentId: string) =>
    request(backend.app).post(`/v1/templates/${documentId}/copies`).set('authorization', bearer).send({ copyDocumentId });
  const save = async (documentId: string, baseVersion: number, tags: Record<string, object>, name = '') => {
    const response = await put(documentId, { baseVersion, template: { name, tags } });
    expect(response.status).toBe(200);
    return response.body as TemplateView;
  };

  it('answers 404 with a detail naming the document when it has no configuration yet', async () => {
    const response = await get('/v1/templates/unconfigured-doc');
    expect(response.status).toBe(404);
    expect(response.type).toBe('application/problem+json');
    expect(response.body.detail).toContain('unconfigured-doc');
    expect(response.body.detail).toMatch(/no AI tag configuration/);
  });

  it('saves baseVersion 0 as version 1 with the defaults applied, and reads it back', async () => {
    const response = await put('doc-save', {
      baseVersion: 0,
      template: { name: 'Proposal', tags: { intro: { prompt: 'Introduce {{client}}.' } } },
    });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      documentId: 'doc-save',
      templateId: 'doc-save',
      inherited: false,
      version: 1,
      name: 'Proposal',
      tags: { intro: { prompt: 'Introduce {{client}}.', outputFormat: 'plain', useDocumentText: false, fields: [] } },
      usageCount: 0,
      lastUsedAt: null,
      updatedBy: 'owner@templates.example',
    });
    expect(Date.parse(response.body.updatedAt)).not.toBeNaN();

    const read = await get('/v1/templates/doc-save');
    expect(read.status).toBe(200);
    expect(read.body).toEqual(response.body);

    const stored = await backend.firestore.firestore.doc(`orgs/${organisation}/templates/doc-save`).get();
    expect(stored.data()).toMatchObject({
      documentId: 'doc-save',
      name: 'Proposal',
      tagCount: 1,
      version: 1,
      current: { tags: { intro: { prompt: 'Introduce {{client}}.' } } },
    });
    const version = await backend.firestore.firestore.doc(`orgs/${organisation}/templates/doc-save/versions/00000001`).get();
    expect(version.data()).toMatchObject({
      version: 1,
      content: { name: 'Proposal', tags: { intro: { outputFormat: 'plain' } } },
      updatedBy: { userId: 'tpl-owner', email: 'owner@templates.example' },
    });
  });

  it('refuses a save on a stale baseVersion with 409 and the latest version, keeping the stored one', async () => {
    await save('doc-stale', 0, { intro: { prompt: 'First.' } });
    await save('doc-stale', 1, { intro: { prompt: 'Second.' } });

    const stale = await put('doc-stale', { baseVersion: 1, template: { tags: { intro: { prompt: 'Lost update.' } } } });
    expect(stale.status).toBe(409);
    expect(stale.body.latestVersion).toBe(2);
    expect(stale.body.detail).toMatch(/version 2/);

    const ahead = await put('doc-stale', { baseVersion: 7, template: { tags: { intro: { prompt: 'From the future.' } } } });
    expect(ahead.status).toBe(409);
    expect(ahead.body.latestVersion).toBe(2);

    const read = await get('/v1/templates/doc-stale');
    expect(read.body).toMatchObject({ version: 2, tags: { intro: { prompt: 'Second.' } } });
  });

  it('lists versions newest first and pages older ones with `before`', async () => {
    for (let version = 0; version < 3; version += 1)
      await save('doc-history', version, { intro: { prompt: `Prompt v${version + 1}.` } }, `Name v${version + 1}`);

    const all = await get('/v1/templates/doc-history/versions');
    expect(all.status).toBe(200);
    expect(all.body.versions.map((entry: { version: number }) => entry.version)).toEqual([3, 2, 1]);
    expect(all.body.versions[0]).toMatchObject({
      version: 3,
      name: 'Name v3',
      updatedBy: 'owner@templates.example',
      tags: { intro: { prompt: 'Prompt v3.' } },
    });

    const first = await get('/v1/templates/doc-history/versions?limit=2');
    expect(first.body.versions.map((entry: { version: number }) => entry.version)).toEqual([3, 2]);
    const older = await get('/v1/templates/doc-history/versions?limit=2&before=2');
    expect(older.body.versions.map((entry: { version: number }) => entry.version)).toEqual([1]);
    expect(older.body.versions[0]).toMatchObject({ name: 'Name v1', tags: { intro: { prompt: 'Prompt v1.' } } });
  });

  describe('the organisation list', () => {
    let listBackend: TestBackend;
    const listBearer = developmentBearer({ sub: 'list-owner', email: 'owner@list.example', hd: 'list.example' });
    beforeAll(async () => {
      listBackend = await startTestBackend();
    });
    afterAll(async () => {
      await listBackend.close();
    });

    it('pages over 5 templates with limit and `next`, returning each exactly once in document id order', async () => {
      const ids = ['tpl-e', 'tpl-a', 'tpl-d', 'tpl-b', 'tpl-c'];
      for (const id of ids) {
        const saved = await request(listBackend.app)
          .put(`/v1/templates/${id}`)
          .set('authorization', listBearer)
          .send({ baseVersion: 0, template: { name: `Template ${id}`, tags: { intro: { prompt: 'Hello.' }, outro: { prompt: 'Bye.' } } } });
        expect(saved.status).toBe(200);
      }
      // A linked copy without a configuration of its own is not a template of the list.
      const linked = await request(listBackend.app)
        .post('/v1/templates/tpl-a/copies')
        .set('authorization', listBearer)
        .send({ copyDocumentId: 'tpl-aa-copy' });
      expect(linked.status).toBe(201);

      const seen: string[] = [];
      let after: string | undefined;
      for (let page = 0; page < 10; page += 1) {
        const response = await request(listBackend.app)
          .get('/v1/templates')
          .query({ limit: 2, ...(after ? { after } : {}) })
          .set('authorization', listBearer);
        expect(response.status).toBe(200);
        expect(response.body.templates.length).toBeLessThanOrEqual(2);
        for (const template of response.body.templates) {
          expect(template).toMatchObject({
            name: `Template ${template.documentId}`,
            version: 1,
            tagCount: 2,
            usageCount: 0,
            lastUsedAt: null,
            updatedBy: 'owner@list.example',
          });
          seen.push(template.documentId);
        }
        after = response.body.next;
        if (!after) break;
      }
      expect(after).toBeUndefined();
      expect(seen).toEqual(['tpl-a', 'tpl-b', 'tpl-c', 'tpl-d', 'tpl-e']);

      const whole = await request(listBackend.app).get('/v1/templates?limit=50').set('authorization', listBearer);
      expect(whole.body.templates.map((template: { documentId: string }) => template.documentId)).toEqual([
        'tpl-a',
        'tpl-b',
        'tpl-c',
        'tpl-d',
        'tpl-e',
      ]);
      expect(whole.body.next).toBeUndefined();
    });

    it('shows another organisation none of these templates', async () => {
      const response = await request(listBackend.app)
        .get('/v1/templates')
        .set('authorization', developmentBearer({ sub: 'stranger', email: 'x@other.example', hd: 'other.example' }));
      expect(response.status).toBe(200);
      expect(response.body.templates).toEqual([]);
    });
  });

  describe('copies', () => {
    it('links a copy, which inherits the source configuration and later edits of it', async () => {
      const source = await save('copy-source', 0, { intro: { prompt: 'Intro of the source.' }, outro: { prompt: 'Outro.' } }, 'Source');

      const linked = await link('copy-source', 'copy-one');
      expect(linked.status).toBe(201);
      expect(linked.body).toMatchObject({ documentId: 'copy-one', templateId: 'copy-source', inherited: true, version: 1, name: 'Source' });
      expect(linked.body.tags).toEqual(source.tags);

      const stored = await backend.firestore.firestore.doc(`orgs/${organisation}/templates/copy-one`).get();
      expect(stored.data()).toMatchObject({ documentId: 'copy-one', copiedFrom: 'copy-source' });

      await save('copy-source', 1, { intro: { prompt: 'Fixed intro of the source.' } }, 'Source v2');
      const copy = await get('/v1/templates/copy-one');
      expect(copy.status).toBe(200);
      expect(copy.body).toMatchObject({
        documentId: 'copy-one',
        templateId: 'copy-source',
        inherited: true,
        version: 2,
        name: 'Source v2',
      });
      expect(Object.keys(copy.body.tags)).toEqual(['intro']);
      expect(copy.body.tags.intro.prompt).toBe('Fixed intro of the source.');
    });

    it('gives a saved copy its own configuration and leaves the source unchanged', async () => {
      await save('own-source', 0, { intro: { prompt: 'Source intro.' } }, 'Own source');
      expect((await link('own-source', 'own-copy')).status).toBe(201);

      const saved = await put('own-copy', { baseVersion: 0, template: { name: 'Own copy', tags: { intro: { prompt: 'Copy intro.' } } } });
      expect(saved.status).toBe(200);
      expect(saved.body).toMatchObject({
        documentId: 'own-copy',
        templateId: 'own-copy',
        inherited: false,
        version: 1,
        name: 'Own copy',
        tags: { intro: { prompt: 'Copy intro.' } },
      });

      const copy = await get('/v1/templates/own-copy');
      expect(copy.body).toMatchObject({ templateId: 'own-copy', inherited: false, tags: { intro: { prompt: 'Copy intro.' } } });
      const source = await get('/v1/templates/own-source');
      expect(source.body).toMatchObject({
        templateId: 'own-source',
        inherited: false,
        version: 1,
        name: 'Own source',
        tags: { intro: { prompt: 'Source intro.' } },
      });

      // A later edit of the source no longer reaches the copy.
      await save('own-source', 1, { intro: { prompt: 'Source intro, edited.' } });
      expect((await get('/v1/templates/own-copy')).body.tags.intro.prompt).toBe('Copy intro.');
    });

    it('refuses to link a copy that already has a configuration of its own with 409', async () => {
      await save('conflict-source', 0, { intro: { prompt: 'Source.' } });
      await save('conflict-copy', 0, { intro: { prompt: 'Already configured.' } });
      const response = await link('conflict-source', 'conflict-copy');
      expect(response.status).toBe(409);
      expect(response.body.detail).toContain('conflict-copy');
      expect((await get('/v1/templates/conflict-copy')).body).toMatchObject({
        inherited: false,
        tags: { intro: { prompt: 'Already configured.' } },
      });
    });

    it('refuses a document as a copy of itself with 400', async () => {
      await save('self-source', 0, { intro: { prompt: 'Source.' } });
      const response = await link('self-source', 'self-source');
      expect(response.status).toBe(400);
      expect(response.body.detail).toMatch(/copy of itself/);
    });

    it('answers 404 when the source has no configuration to copy', async () => {
      const response = await link('nothing-here', 'nothing-copy');
      expect(response.status).toBe(404);
      expect((await backend.firestore.firestore.doc(`orgs/${organisation}/templates/nothing-copy`).get()).exists).toBe(false);
    });
  });

  describe('validation', () => {
    it.each([
      ['a tag name starting with a digit', { '1intro': { prompt: 'Hello.' } }],
      ['a tag name with a space', { 'my intro': { prompt: 'Hello.' } }],
      ['a tag name longer than 64 characters', { [`a${'b'.repeat(64)}`]: { prompt: 'Hello.' } }],
      ['an empty prompt', { intro: { prompt: '' } }],
      ['a blank prompt', { intro: { prompt: '   ' } }],
      ['an unknown tag setting', { intro: { prompt: 'Hello.', colour: 'red' } }],
    ])('refuses %s with 400 and saves nothing', async (_case, tags) => {
      const response = await put('doc-invalid', { baseVersion: 0, template: { tags } });
      expect(response.status).toBe(400);
      expect(response.type).toBe('application/problem+json');
      expect((await get('/v1/templates/doc-invalid')).status).toBe(404);
    });

    it('refuses more than 200 tags with 400 and accepts exactly 200', async () => {
      const tags = (count: number) =>
        Object.fromEntries(Array.from({ length: count }, (_, index) => [`tag${index}`, { prompt: `Prompt ${index}.` }]));
      const tooMany = await put('doc-many', { baseVersion: 0, template: { tags: tags(201) } });
      expect(tooMany.status).toBe(400);
      expect(JSON.stringify(tooMany.body)).toMatch(/200/);
      const enough = await put('doc-many', { baseVersion: 0, template: { tags: tags(200) } });
      expect(enough.status).toBe(200);
      expect(Object.keys(enough.body.tags)).toHaveLength(200);
    });

    it('refuses a negative baseVersion and an invalid document id with 400', async () => {
      expect((await put('doc-negative', { baseVersion: -1, template: { tags: {} } })).status).toBe(400);
      expect((await put('doc.with.dots', { baseVersion: 0, template: { tags: {} } })).status).toBe(400);
    });
  });
});
