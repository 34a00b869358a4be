import { connectFirestore, type FirestoreConnection } from '../../../backend/src/platform/firestore/connect-firestore';
import { createTemplatesRepository, type TemplatesRepository } from '../../../backend/src/templates/templates-repository';

/**
 * A fill reads its template's configuration from a short cache: what this instance saved applies at once, what
 * another instance saved (written straight to Firestore here) applies once the cache time has passed.
 */
describe('the configuration a fill uses comes from a short cache', () => {
  let connection: FirestoreConnection;
  let clock = 1_000_000;
  let templates: TemplatesRepository;
  const organisation = 'domain:template-cache.example';
  const author = { userId: 'author', email: 'author@template-cache.example' };
  const content = (prompt: string) => ({
    name: 'Proposal',
    tags: { intro: { prompt, fields: [], outputFormat: 'plain' as const, useDocumentText: false } },
  });

  beforeAll(async () => {
    connection = await connectFirestore({});
    templates = createTemplatesRepository(connection.firestore, { cacheMs: 5000, now: () => clock });
  });
  afterAll(async () => {
    await connection.close();
  });

  /** What another instance's save leaves in the document a fill reads. */
  const savedElsewhere = (documentId: string, version: number, prompt: string) =>
    connection.firestore.doc(`orgs/${organisation}/templates/${documentId}`).set({ current: content(prompt), version }, { merge: true });

  it('serves a save made on another instance once the cache time has passed, and its own saves at once', async () => {
    await templates.save(organisation, 'doc-a', { baseVersion: 0, content: content('First'), updatedBy: author, at: new Date() });
    expect((await templates.current(organisation, 'doc-a'))?.content?.tags.intro?.prompt).toBe('First');

    await savedElsewhere('doc-a', 2, 'Second');
    expect((await templates.current(organisation, 'doc-a'))?.content?.tags.intro?.prompt).toBe('First');
    clock += 5001;
    const fresh = await templates.current(organisation, 'doc-a');
    expect(fresh?.content?.tags.intro?.prompt).toBe('Second');
    expect(fresh?.version).toBe(2);

    // The versions collection still ends at 1: the other instance's write above only stands in for its materialised copy.
    await templates.save(organisation, 'doc-a', { baseVersion: 1, content: content('Third'), updatedBy: author, at: new Date() });
    expect((await templates.current(organisation, 'doc-a'))?.content?.tags.intro?.prompt).toBe('Third');
  });

  it('remembers a document with no configuration, and forgets it once this instance links or saves it', async () => {
    expect(await templates.current(organisation, 'doc-new')).toBeUndefined();
    await savedElsewhere('doc-new', 1, 'Elsewhere');
    expect(await templates.current(organisation, 'doc-new')).toBeUndefined();

    await templates.save(organisation, 'doc-source', { baseVersion: 0, content: content('Source'), updatedBy: author, at: new Date() });
    expect(await templates.current(organisation, 'doc-copy')).toBeUndefined();
    expect(await templates.linkCopy(organisation, 'doc-copy', 'doc-source')).toBe(true);
    expect((await templates.current(organisation, 'doc-copy'))?.copiedFrom).toBe('doc-source');
  });
});
