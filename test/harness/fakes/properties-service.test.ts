import {
  PROPERTY_STORE_LIMIT_BYTES,
  PROPERTY_VALUE_LIMIT_BYTES,
  PropertiesService,
  PropertyStores,
} from '../../../harness/fakes/properties-service';

function serviceFor(stores: PropertyStores, user: string, documentId: string | null = 'doc-1'): PropertiesService {
  return new PropertiesService({ stores, currentUser: () => user, currentDocumentId: () => documentId });
}

describe('a property store', () => {
  const properties = () => serviceFor(new PropertyStores(), 'ann@example.com').getScriptProperties();

  test('stores strings, converting other values, and returns null for a missing key', () => {
    const store = properties().setProperty('n', 42).setProperty('flag', true);
    expect(store.getProperty('n')).toBe('42');
    expect(store.getProperty('flag')).toBe('true');
    expect(store.getProperty('missing')).toBeNull();
  });

  test('getProperties returns a copy, getKeys the keys', () => {
    const store = properties().setProperties({ a: '1', b: '2' });
    const copy = store.getProperties();
    copy.a = 'changed';
    expect(store.getProperty('a')).toBe('1');
    expect(store.getKeys().sort()).toEqual(['a', 'b']);
  });

  test('setProperties can delete all other properties; delete one or all', () => {
    const store = properties().setProperties({ a: '1', b: '2' });
    store.setProperties({ c: '3' }, true);
    expect(store.getProperties()).toEqual({ c: '3' });
    store.setProperty('d', '4').deleteProperty('c');
    expect(store.getProperties()).toEqual({ d: '4' });
    store.deleteAllProperties();
    expect(store.getKeys()).toEqual([]);
  });
});

describe('limits', () => {
  test('a value over 9 KB is refused and nothing is written', () => {
    const store = serviceFor(new PropertyStores(), 'u').getScriptProperties();
    expect(() => store.setProperty('big', 'x'.repeat(PROPERTY_VALUE_LIMIT_BYTES + 1))).toThrow(
      expect.objectContaining({ name: 'Exception', message: 'Argument too large: value' }),
    );
    expect(store.getProperty('big')).toBeNull();
    expect(() => store.setProperty('fits', 'x'.repeat(PROPERTY_VALUE_LIMIT_BYTES))).not.toThrow();
  });

  test('the value limit counts UTF-8 bytes', () => {
    const store = serviceFor(new PropertyStores(), 'u').getScriptProperties();
    expect(() => store.setProperty('accents', 'é'.repeat(PROPERTY_VALUE_LIMIT_BYTES / 2 + 1))).toThrow('Argument too large: value');
  });

  test('a store over 500 KB is refused, and a failed setProperties writes nothing', () => {
    const store = serviceFor(new PropertyStores(), 'u').getScriptProperties();
    const value = 'y'.repeat(9000);
    let written = 0;
    expect(() => {
      for (;;) {
        store.setProperty(`key${written}`, value);
        written += 1;
      }
    }).toThrow('You have exceeded the property storage quota. Please remove some properties and try again.');
    // Keys count toward the total as well as values.
    const size = store.getKeys().reduce((total, key) => total + key.length + (store.getProperty(key) ?? '').length, 0);
    expect(size).toBeLessThanOrEqual(PROPERTY_STORE_LIMIT_BYTES);
    expect(size + `key${written}`.length + value.length).toBeGreaterThan(PROPERTY_STORE_LIMIT_BYTES);
    const before = store.getKeys().length;
    expect(() => store.setProperties({ extra1: value, extra2: value })).toThrow('exceeded the property storage quota');
    expect(store.getKeys().length).toBe(before);
  });
});

describe('scopes', () => {
  test('script properties are shared, user properties belong to each user, document properties to each document', () => {
    const stores = new PropertyStores();
    serviceFor(stores, 'ann', 'doc-1').getScriptProperties().setProperty('shared', 'yes');
    serviceFor(stores, 'ann', 'doc-1').getUserProperties().setProperty('mine', 'ann');
    serviceFor(stores, 'ann', 'doc-1').getDocumentProperties()?.setProperty('template', 'one');

    const bob = serviceFor(stores, 'bob', 'doc-2');
    expect(bob.getScriptProperties().getProperty('shared')).toBe('yes');
    expect(bob.getUserProperties().getProperty('mine')).toBeNull();
    expect(bob.getDocumentProperties()?.getProperty('template')).toBeNull();
    expect(serviceFor(stores, 'ann', 'doc-1').getUserProperties().getProperty('mine')).toBe('ann');
    expect(serviceFor(stores, 'bob', 'doc-1').getDocumentProperties()?.getProperty('template')).toBe('one');
  });

  test('there are no document properties outside a document', () => {
    expect(serviceFor(new PropertyStores(), 'ann', null).getDocumentProperties()).toBeNull();
  });
});
