import { mkdtemp, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FirestoreServer } from '@firestore-emulator/server';
import { DocumentReference, GeoPoint, Timestamp } from 'firebase-admin/firestore';
import { connectFirestore, type Firestore, type FirestoreConnection } from '../../../backend/src/platform/firestore/connect-firestore';
import {
  exportFirestoreToFile,
  importFirestoreFromFile,
  listEmulatorDocumentPaths,
} from '../../../backend/src/platform/firestore/firestore-data-file';

// The source emulator is started here rather than through connectFirestore({}) because finding its documents
// needs its in-process state, which startEmbeddedEmulator does not expose (yet).
let sourceServer: FirestoreServer;
let source: FirestoreConnection;
let target: FirestoreConnection;
let folder: string;
const written = new Map<string, Record<string, unknown>>();

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

function sourcePaths(): Promise<string[]> {
  return Promise.resolve(listEmulatorDocumentPaths(sourceServer.state, 'demo-local'));
}

/** Firestore value classes hold their client, so values are compared through a plain form. */
function comparable(value: unknown): unknown {
  if (value instanceof Timestamp) return { timestamp: [value.seconds, value.nanoseconds] };
  if (value instanceof DocumentReference) return { reference: value.path };
  if (value instanceof GeoPoint) return { geopoint: [value.latitude, value.longitude] };
  if (value instanceof Uint8Array) return { bytes: Buffer.from(value).toString('hex') };
  if (Array.isArray(value)) return value.map(comparable);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, comparable(item)]));
  }
  return value;
}

function everyValueType(firestore: Firestore): Record<string, unknown> {
  return {
    text: 'héllo 👋\nworld',
    empty: '',
    integer: 42,
    negative: -7,
    zero: 0,
    negativeZero: -0,
    maxSafe: Number.MAX_SAFE_INTEGER,
    float: 1.5,
    tiny: 1e-300,
    notANumber: NaN,
    infinity: Infinity,
    minusInfinity: -Infinity,
    yes: true,
    no: false,
    nothing: null,
    timestamp: new Timestamp(1_700_000_000, 123_456_789),
    beforeEpoch: new Timestamp(-86_400, 5),
    date: new Date('2024-02-29T12:34:56.789Z'),
    bytes: Buffer.from([0, 1, 2, 127, 128, 255]),
    noBytes: Buffer.alloc(0),
    place: new GeoPoint(51.5072, -0.1276),
    reference: firestore.doc('orgs/a/templates/t1'),
    nested: { level1: { level2: { list: [1, 'two', { three: 3 }, new Timestamp(1, 2)] } }, emptyMap: {} },
    emptyList: [],
    userTypeKey: { $type: 'timestamp', seconds: 1, nanoseconds: 2 },
    deepUserTypeKey: { $type: { $type: 'map', value: {} } },
  };
}

async function writeDataSet(firestore: Firestore): Promise<void> {
  const add = (path: string, data: Record<string, unknown>) => written.set(path, data);
  add('settings/app', everyValueType(firestore));
  add('settings/empty', {});
  // A document whose own data looks like a tagged value.
  add('settings/looks-tagged', { $type: 'reference', path: 'orgs/a' });
  add('orgs/a', { name: 'Org A' });
  add('orgs/a/templates/t1', { title: 'T1' });
  add('orgs/a/templates/t1/versions/v1', { n: 1 });
  add('orgs/a/templates/t1/versions/v1/comments/c1', { text: 'three levels down', at: new Timestamp(5, 0) });
  add('orgs/b/templates/t2', { title: 'T2 under a parent that was never written' });
  add('ghosts/never-written/children/c1', { orphan: true });
  for (let index = 0; index < 1000; index += 1) add(`items/item-${String(index).padStart(4, '0')}`, { index, odd: index % 2 === 1 });

  const entries = [...written.entries()];
  for (let start = 0; start < entries.length; start += 400) {
    const batch = firestore.batch();
    for (const [path, data] of entries.slice(start, start + 400)) batch.set(firestore.doc(path), data);
    await batch.commit();
  }
}

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'firestore-data-file-'));
  sourceServer = new FirestoreServer();
  const port = await freePort();
  await sourceServer.start(port);
  source = await connectFirestore({ emulatorHost: `127.0.0.1:${port}` });
  target = await connectFirestore({});
  await writeDataSet(source.firestore);
});

afterAll(async () => {
  await source?.close();
  sourceServer?.stop();
  await target?.close();
  await rm(folder, { recursive: true, force: true });
});

describe('the embedded emulator (behaviour the data file relies on)', () => {
  it('implements neither listCollections nor listDocuments', async () => {
    const errors = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      await expect(target.firestore.listCollections()).rejects.toThrow(/ListCollectionIds> not implemented/);
      await expect(target.firestore.doc('orgs/a').listCollections()).rejects.toThrow(/not implemented/);
      await expect(target.firestore.collection('orgs').listDocuments()).rejects.toThrow(/ListDocuments> not implemented/);
    } finally {
      errors.mockRestore();
    }
  });

  it('answers a collection-group query with the top-level collection only', async () => {
    const groups = await source.firestore.collectionGroup('templates').get();
    expect(groups.size).toBe(0);
    const top = await source.firestore.collectionGroup('orgs').get();
    expect(top.docs.map((doc) => doc.ref.path)).toEqual(['orgs/a']);
  });

  it('keeps parents that hold only subcollections in its state, and getAll reports them missing', async () => {
    const paths = await sourcePaths();
    expect(paths).toEqual(expect.arrayContaining(['ghosts/never-written', 'ghosts/never-written/children/c1', 'orgs/b']));
    const [parent, child] = await source.firestore.getAll(
      source.firestore.doc('ghosts/never-written'),
      source.firestore.doc('ghosts/never-written/children/c1'),
    );
    expect(parent?.exists).toBe(false);
    expect(child?.exists).toBe(true);
  });
});

describe('firestore data file', () => {
  it('exports every document and imports it into a fresh emulator unchanged', async () => {
    const file = join(folder, 'round-trip', 'data.json');
    const exported = await exportFirestoreToFile(source.firestore, file, { listDocumentPaths: sourcePaths });
    expect(exported).toEqual({ documents: written.size, path: file });

    const content: unknown = JSON.parse(await readFile(file, 'utf8'));
    expect(content).toMatchObject({
      format: 'ai-template-fill/firestore-data',
      version: 1,
      exportedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
    const documents = (content as { documents: Array<{ path: string }> }).documents;
    expect(documents.map((doc) => doc.path)).toEqual([...written.keys()].sort());

    const imported = await importFirestoreFromFile(target.firestore, file);
    expect(imported).toEqual({ documents: written.size, path: file });

    const paths = [...written.keys()];
    const [first, ...rest] = paths.map((path) => target.firestore.doc(path));
    const expectedRefs = paths.map((path) => source.firestore.doc(path));
    const [sourceFirst, ...sourceRest] = expectedRefs;
    if (!first || !sourceFirst) throw new Error('no documents written');
    const actual = await target.firestore.getAll(first, ...rest);
    const expected = await source.firestore.getAll(sourceFirst, ...sourceRest);
    expect(actual.map((doc) => doc.exists)).toEqual(paths.map(() => true));
    expect(actual.map((doc) => [doc.ref.path, comparable(doc.data())])).toEqual(
      expected.map((doc) => [doc.ref.path, comparable(doc.data())]),
    );

    // The stored values are the ones written, so the comparison above is not between two equal losses.
    const stored = actual.find((doc) => doc.ref.path === 'settings/app')?.data();
    expect(Object.is(stored?.['negativeZero'], -0)).toBe(true);
    expect(comparable(stored)).toEqual(
      comparable({ ...everyValueType(target.firestore), date: Timestamp.fromDate(new Date('2024-02-29T12:34:56.789Z')) }),
    );
    expect(stored?.['reference']).toBeInstanceOf(DocumentReference);
  });

  it('refuses to export when it cannot list the documents, leaving the target alone', async () => {
    const file = join(folder, 'refused.json');
    await writeFile(file, 'previous export');
    const errors = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      await expect(exportFirestoreToFile(target.firestore, file)).rejects.toThrow(/listDocumentPaths/);
    } finally {
      errors.mockRestore();
    }
    expect(await readFile(file, 'utf8')).toBe('previous export');
  });

  it('imports nothing from a missing file', async () => {
    const file = join(folder, 'missing.json');
    await expect(importFirestoreFromFile(target.firestore, file)).resolves.toEqual({ documents: 0, path: file });
  });

  it('rejects a file that is not valid, naming the path and the problem, and writes nothing', async () => {
    const file = join(folder, 'corrupt.json');
    const valid = (documents: unknown[], version: unknown = 1) =>
      JSON.stringify({ format: 'ai-template-fill/firestore-data', version, exportedAt: new Date().toISOString(), documents });
    const cases: Array<[string, RegExp]> = [
      ['{"format": "ai-template-fill/firestore-data", "version": 1, "documents": [', /not JSON/],
      [JSON.stringify({ format: 'something-else', version: 1, documents: [] }), /format/],
      [valid([], 2), /version is 2/],
      [
        valid([
          { path: 'corrupt/ok', data: { a: 1 } },
          { path: 'corrupt', data: {} },
        ]),
        /documents\[1\]\.path "corrupt" is not a document path/,
      ],
      [
        valid([{ path: 'corrupt/ok', data: { at: { $type: 'timestamp', seconds: 'soon' } } }]),
        /malformed "timestamp" value at corrupt\/ok:\.at/,
      ],
      [valid([{ path: 'corrupt/ok', data: { x: { $type: 'mystery' } } }]), /malformed "mystery"/],
      [valid([{ path: 'corrupt/ok', data: [1] }]), /not a map/],
    ];
    for (const [text, problem] of cases) {
      await writeFile(file, text);
      const attempt = importFirestoreFromFile(target.firestore, file);
      await expect(attempt).rejects.toThrow(file);
      await expect(attempt).rejects.toThrow(problem);
    }
    // The valid first document of a bad file was not written.
    expect((await target.firestore.doc('corrupt/ok').get()).exists).toBe(false);
  });

  it('replaces the file in one step and leaves no temporary file behind', async () => {
    const exportFolder = join(folder, 'atomic');
    const file = join(exportFolder, 'data.json');
    await mkdir(exportFolder);
    await writeFile(file, 'previous export');
    const onlyFew = () => Promise.resolve(['orgs/a', 'settings/empty']);
    await expect(exportFirestoreToFile(source.firestore, file, { listDocumentPaths: onlyFew })).resolves.toEqual({
      documents: 2,
      path: file,
    });
    expect(await readdir(exportFolder)).toEqual(['data.json']);
    expect(JSON.parse(await readFile(file, 'utf8'))).toMatchObject({
      documents: [{ path: 'orgs/a' }, { path: 'settings/empty', data: {} }],
    });

    // A failed rename (the target is a folder) must not leave the temporary file.
    const blocked = join(exportFolder, 'blocked');
    await mkdir(join(blocked, 'inside'), { recursive: true });
    await expect(exportFirestoreToFile(source.firestore, blocked, { listDocumentPaths: onlyFew })).rejects.toThrow();
    expect((await readdir(exportFolder)).sort()).toEqual(['blocked', 'data.json']);
  });
});
