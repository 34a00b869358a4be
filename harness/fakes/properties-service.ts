import { appsScriptException } from './apps-script-exception';

// Quotas for Google Services: "Properties value size 9 KB / val", "Properties total storage 500 KB /
// property store". Keys count toward the store total.
export const PROPERTY_VALUE_LIMIT_BYTES = 9 * 1024;
export const PROPERTY_STORE_LIMIT_BYTES = 500 * 1024;

type Store = Map<string, string>;

function byteLength(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

function storeSize(store: Store): number {
  let total = 0;
  for (const [key, value] of store) total += byteLength(key) + byteLength(value);
  return total;
}

/**
 * The data behind PropertiesService, kept by the harness across executions: one script store, one
 * store per user and one per document.
 */
export class PropertyStores {
  readonly script: Store = new Map();
  readonly #users = new Map<string, Store>();
  readonly #documents = new Map<string, Store>();

  user(userKey: string): Store {
    return this.#ensure(this.#users, userKey);
  }

  document(documentId: string): Store {
    return this.#ensure(this.#documents, documentId);
  }

  #ensure(stores: Map<string, Store>, key: string): Store {
    let store = stores.get(key);
    if (!store) {
      store = new Map();
      stores.set(key, store);
    }
    return store;
  }
}

/** One property store. Values are stored as strings; reads return copies. */
export class Properties {
  readonly #store: Store;

  constructor(store: Store) {
    this.#store = store;
  }

  getProperty(key: string): string | null {
    return this.#store.get(String(key)) ?? null;
  }

  getProperties(): Record<string, string> {
    return Object.fromEntries(this.#store);
  }

  getKeys(): string[] {
    return [...this.#store.keys()];
  }

  setProperty(key: string, value: unknown): Properties {
    this.#commit(new Map(this.#store).set(String(key), String(value)), [String(value)]);
    return this;
  }

  setProperties(properties: Record<string, unknown>, deleteAllOthers = false): Properties {
    const next: Store = deleteAllOthers ? new Map() : new Map(this.#store);
    const written: string[] = [];
    for (const [key, value] of Object.entries(properties ?? {})) {
      next.set(key, String(value));
      written.push(String(value));
    }
    this.#commit(next, written);
    return this;
  }

  deleteProperty(key: string): Properties {
    this.#store.delete(String(key));
    return this;
  }

  deleteAllProperties(): Properties {
    this.#store.clear();
    return this;
  }

  // All or nothing: a write that breaks a limit leaves the store as it was.
  #commit(next: Store, writtenValues: readonly string[]): void {
    if (writtenValues.some((value) => byteLength(value) > PROPERTY_VALUE_LIMIT_BYTES)) {
      throw appsScriptException('Argument too large: value');
    }
    if (storeSize(next) > PROPERTY_STORE_LIMIT_BYTES) {
      throw appsScriptException('You have exceeded the property storage quota. Please remove some properties and try again.');
    }
    this.#store.clear();
    for (const [key, value] of next) this.#store.set(key, value);
  }
}

export interface PropertiesServiceOptions {
  stores: PropertyStores;
  /** Who runs the script (their e-mail, or any stable key): user properties belong to them. */
  currentUser: () => string;
  /** The open document, or null outside a document (getDocumentProperties then returns null). */
  currentDocumentId: () => string | null;
}

export class PropertiesService {
  readonly #options: PropertiesServiceOptions;

  constructor(options: PropertiesServiceOptions) {
    this.#options = options;
  }

  getScriptProperties(): Properties {
    return new Properties(this.#options.stores.script);
  }

  getUserProperties(): Properties {
    return new Properties(this.#options.stores.user(this.#options.currentUser()));
  }

  getDocumentProperties(): Properties | null {
    const documentId = this.#options.currentDocumentId();
    return documentId === null ? null : new Properties(this.#options.stores.document(documentId));
  }
}
