import { randomUUID } from 'node:crypto';
import { link, mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { DocumentReference, GeoPoint, Timestamp } from 'firebase-admin/firestore';
import type { Firestore } from './connect-firestore';
import { commitInBatches } from './commit-in-batches';

export interface FirestoreDataFileSummary {
  documents: number;
  path: string;
}

export interface ExportOptions {
  /**
   * Every path that may hold a document ("orgs/a/templates/t1"); paths with no document are skipped. Needed for
   * the embedded emulator, which does not implement listCollections/listDocuments (see
   * `listEmulatorDocumentPaths`). Without it the database is walked with listCollections and listDocuments,
   * which real Firestore and the official emulator support.
   */
  listDocumentPaths?: () => Promise<readonly string[]>;
  /** Which of the documents found to write to the file; all when absent. */
  include?: (documentPath: string, data: DocumentData) => boolean;
  /** Keeps the file being replaced as `<path>.previous`: the last good copy, should the new one be damaged later. */
  keepPrevious?: boolean;
}

type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };
type JsonMap = { [key: string]: JsonValue };
type DocumentData = { [key: string]: unknown };

/** One document as decoded from a data file, about to be written. */
export interface ImportedDocument {
  ref: DocumentReference;
  data: DocumentData;
}

interface DataFile {
  format: typeof FORMAT;
  version: typeof VERSION;
  exportedAt: string;
  documents: Array<{ path: string; data: JsonValue }>;
}

const FORMAT = 'ai-template-fill/firestore-data';
const VERSION = 1;
const TYPE_KEY = '$type';
const READ_BATCH_SIZE = 300;

/** Writes every document (all collections, subcollections at any depth) to `path` atomically. */
export async function exportFirestoreToFile(
  firestore: Firestore,
  path: string,
  options: ExportOptions = {},
): Promise<FirestoreDataFileSummary> {
  const candidates = options.listDocumentPaths ? await options.listDocumentPaths() : await walkDocumentPaths(firestore);
  // Sorted so that successive exports of the same data give the same file (readable diffs).
  const sorted = [...new Set(candidates)].sort();
  const documents: DataFile['documents'] = [];
  for (let start = 0; start < sorted.length; start += READ_BATCH_SIZE) {
    const refs = sorted.slice(start, start + READ_BATCH_SIZE).map((documentPath) => firestore.doc(documentPath));
    const [first, ...rest] = refs;
    if (!first) continue;
    for (const snapshot of await firestore.getAll(first, ...rest)) {
      // Parents that only hold subcollections are listed but have no data of their own.
      if (!snapshot.exists) continue;
      if (options.include && !options.include(snapshot.ref.path, snapshot.data() ?? {})) continue;
      documents.push({ path: snapshot.ref.path, data: encodeValue(snapshot.data(), `${snapshot.ref.path}:`) });
    }
  }
  const file: DataFile = { format: FORMAT, version: VERSION, exportedAt: new Date().toISOString(), documents };
  await writeFileAtomically(path, `${JSON.stringify(file, null, 2)}\n`, options.keepPrevious ?? false);
  return { documents: documents.length, path };
}

export interface ImportOptions {
  /** Which documents of the file to write; all when absent. */
  include?: (documentPath: string, data: DocumentData) => boolean;
  /**
   * Documents outside the file to write along with it, derived from the included ones (an index of them).
   * Written ahead of the file's documents, so an import cut short never leaves a document its index misses.
   */
  derivedDocuments?: (documents: readonly ImportedDocument[]) => ImportedDocument[];
  /** Runs once the whole file is decoded and before the first write, with every path in the file. */
  beforeWrite?: (documentPaths: readonly string[]) => Promise<void>;
}

/** Reads `path` (a missing file imports nothing) and writes every document back with batched writes. */
export async function importFirestoreFromFile(
  firestore: Firestore,
  path: string,
  options: ImportOptions = {},
): Promise<FirestoreDataFileSummary> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    // First start: nothing was exported yet.
    if (isNodeError(error) && error.code === 'ENOENT') return { documents: 0, path };
    throw error;
  }
  // Everything is decoded before the first write so that a bad file changes nothing.
  const parsed = parseDataFile(firestore, path, text);
  const include = options.include;
  const documents = include ? parsed.filter(({ ref, data }) => include(ref.path, data)) : parsed;
  const derived = options.derivedDocuments?.(documents) ?? [];
  await options.beforeWrite?.(parsed.map(({ ref }) => ref.path));
  await commitInBatches(firestore, [...derived, ...documents], (batch, { ref, data }) => batch.set(ref, data));
  return { documents: documents.length, path };
}

/**
 * Candidate document paths held by a `@firestore-emulator/server` state (`FirestoreServer.state`), for
 * `ExportOptions.listDocumentPaths`: that emulator answers neither listCollections nor listDocuments, and it
 * ignores collection-group scope, so its in-process state is the only way to find every document.
 */
export function listEmulatorDocumentPaths(state: { toJSON(): unknown }, projectId: string, databaseId = '(default)'): string[] {
  const prefix = `projects/${projectId}/databases/${databaseId}/documents/`;
  const paths: string[] = [];
  const visit = (node: unknown): void => {
    if (!isRecord(node)) return;
    // Only document nodes carry "fields"; field values are not descended into, so a user map cannot pose as one.
    if ('fields' in node && typeof node['path'] === 'string' && node['path'].startsWith(prefix)) {
      paths.push(node['path'].slice(prefix.length));
    }
    for (const key of ['projects', 'databases', 'collections', 'documents']) {
      const children = node[key];
      if (isRecord(children)) Object.values(children).forEach(visit);
    }
  };
  visit(state.toJSON());
  return paths;
}

async function walkDocumentPaths(firestore: Firestore): Promise<string[]> {
  try {
    const paths: string[] = [];
    const pending = await firestore.listCollections();
    for (let collection = pending.pop(); collection; collection = pending.pop()) {
      // listDocuments also returns parents that were never written, so their subcollections are reached.
      for (const document of await collection.listDocuments()) {
        paths.push(document.path);
        pending.push(...(await document.listCollections()));
      }
    }
    return paths;
  } catch (error) {
    throw new Error(
      `Cannot list the documents of this Firestore (${errorMessage(error)}); the embedded emulator supports ` +
        'neither listCollections nor listDocuments: pass ExportOptions.listDocumentPaths',
      { cause: error },
    );
  }
}

export function previousCopyOf(path: string): string {
  return `${path}.previous`;
}

async function writeFileAtomically(target: string, text: string, keepPrevious: boolean): Promise<void> {
  const folder = dirname(target);
  // Same folder as the target, so rename stays on one file system and replaces the target in one step.
  const temp = join(folder, `.${basename(target)}.${process.pid}.${randomUUID()}.tmp`);
  await mkdir(folder, { recursive: true });
  try {
    const handle = await open(temp, 'w');
    try {
      await handle.writeFile(text, 'utf8');
      // Flushed before the rename so a crash cannot leave a renamed but empty file.
      await handle.sync();
    } finally {
      await handle.close();
    }
    if (keepPrevious) {
      // Linked, not moved, so the target stays in place until the rename below replaces it in one step; the
      // link replaces the old previous copy in one rename too, and only when there is a target to keep.
      const previousTemp = `${temp}.previous`;
      const linked = await link(target, previousTemp).then(
        () => true,
        (error: unknown) => {
          if (isNodeError(error) && error.code === 'ENOENT') return false;
          throw error;
        },
      );
      if (linked) await rename(previousTemp, previousCopyOf(target));
    }
    await rename(temp, target);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

function encodeValue(value: unknown, where: string): JsonValue {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return value;
  if (typeof value === 'number') return encodeNumber(value);
  if (Array.isArray(value)) return value.map((item, index) => encodeValue(item, `${where}[${index}]`));
  if (value instanceof Timestamp) return { [TYPE_KEY]: 'timestamp', seconds: value.seconds, nanoseconds: value.nanoseconds };
  if (value instanceof Uint8Array) return { [TYPE_KEY]: 'bytes', base64: Buffer.from(value).toString('base64') };
  if (value instanceof GeoPoint) return { [TYPE_KEY]: 'geopoint', latitude: value.latitude, longitude: value.longitude };
  if (value instanceof DocumentReference) return { [TYPE_KEY]: 'reference', path: value.path };
  if (isPlainObject(value)) {
    const map: JsonMap = {};
    for (const [key, item] of Object.entries(value)) map[key] = encodeValue(item, `${where}.${key}`);
    // A user map with its own "$type" key is wrapped so it cannot be read back as a tagged value.
    return TYPE_KEY in map ? { [TYPE_KEY]: 'map', value: map } : map;
  }
  // Vectors among others: firebase-admin 13 does not export VectorValue, so they fail loudly instead of being lost.
  throw new Error(`Cannot export the value at ${where}: unsupported type ${describe(value)}`);
}

// JSON has no NaN, infinities or negative zero, and Firestore keeps all of them.
function encodeNumber(value: number): JsonValue {
  if (Number.isNaN(value)) return { [TYPE_KEY]: 'number', value: 'NaN' };
  if (value === Infinity) return { [TYPE_KEY]: 'number', value: 'Infinity' };
  if (value === -Infinity) return { [TYPE_KEY]: 'number', value: '-Infinity' };
  if (Object.is(value, -0)) return { [TYPE_KEY]: 'number', value: '-0' };
  return value;
}

const SPECIAL_NUMBERS: Record<string, number> = { NaN, Infinity, '-Infinity': -Infinity, '-0': -0 };

function parseDataFile(firestore: Firestore, path: string, text: string): ImportedDocument[] {
  const fail = (problem: string): never => {
    throw new Error(`Firestore data file ${path} is not valid: ${problem}`);
  };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return fail(`not JSON (${errorMessage(error)})`);
  }
  if (!isRecord(parsed)) return fail('the top level is not an object');
  if (parsed['format'] !== FORMAT) return fail(`format is ${JSON.stringify(parsed['format'])}, expected "${FORMAT}"`);
  if (parsed['version'] !== VERSION) return fail(`version is ${JSON.stringify(parsed['version'])}, expected ${VERSION}`);
  const documents = parsed['documents'];
  if (!Array.isArray(documents)) return fail('"documents" is not an array');
  return documents.map((entry: unknown, index) => {
    if (!isRecord(entry) || typeof entry['path'] !== 'string') return fail(`documents[${index}] has no string "path"`);
    const documentPath = entry['path'];
    const segments = documentPath.split('/');
    if (segments.length % 2 !== 0 || segments.some((segment) => segment === '')) {
      return fail(`documents[${index}].path "${documentPath}" is not a document path`);
    }
    try {
      const data = decodeValue(entry['data'], firestore, `${documentPath}:`);
      if (!isPlainObject(data)) throw new Error('the data is not a map');
      return { ref: firestore.doc(documentPath), data };
    } catch (error) {
      return fail(`documents[${index}] (${documentPath}): ${errorMessage(error)}`);
    }
  });
}

function decodeValue(value: unknown, firestore: Firestore, where: string): unknown {
  if (value === null || typeof value === 'boolean' || typeof value === 'string' || typeof value === 'number') return value;
  if (Array.isArray(value)) return value.map((item: unknown, index) => decodeValue(item, firestore, `${where}[${index}]`));
  if (!isRecord(value)) throw new Error(`unexpected ${describe(value)} at ${where}`);
  if (!(TYPE_KEY in value)) return decodeMap(value, firestore, where);
  const tag = value[TYPE_KEY];
  const bad = (): never => {
    throw new Error(`malformed ${JSON.stringify(tag)} value at ${where}`);
  };
  switch (tag) {
    case 'map':
      return isRecord(value['value']) ? decodeMap(value['value'], firestore, where) : bad();
    case 'timestamp': {
      const { seconds, nanoseconds } = value;
      return Number.isInteger(seconds) && Number.isInteger(nanoseconds) ? new Timestamp(Number(seconds), Number(nanoseconds)) : bad();
    }
    case 'bytes':
      return typeof value['base64'] === 'string' ? Buffer.from(value['base64'], 'base64') : bad();
    case 'geopoint': {
      const { latitude, longitude } = value;
      return typeof latitude === 'number' && typeof longitude === 'number' ? new GeoPoint(latitude, longitude) : bad();
    }
    case 'reference':
      return typeof value['path'] === 'string' ? firestore.doc(value['path']) : bad();
    case 'number': {
      const special = typeof value['value'] === 'string' ? SPECIAL_NUMBERS[value['value']] : undefined;
      return special ?? bad();
    }
    default:
      return bad();
  }
}

function decodeMap(map: Record<string, unknown>, firestore: Firestore, where: string): DocumentData {
  const decoded: DocumentData = {};
  for (const [key, item] of Object.entries(map)) decoded[key] = decodeValue(item, firestore, `${where}.${key}`);
  return decoded;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (!isRecord(value)) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

// Checked by shape: errors from Node's fs are not `instanceof Error` inside Jest's sandbox.
function isNodeError(error: unknown): error is NodeJS.ErrnoException {
  return typeof error === 'object' && error !== null && 'code' in error;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function describe(value: unknown): string {
  if (!isRecord(value)) return typeof value;
  const prototype: unknown = Object.getPrototypeOf(value);
  return isRecord(prototype) && typeof prototype['constructor'] === 'function' ? prototype['constructor'].name : 'object';
}
