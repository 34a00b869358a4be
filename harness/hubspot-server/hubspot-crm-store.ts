import { alwaysReturnedProperties, associationTypeIds, type StoredAssociation, type StoredObject } from './hubspot-records';

/** The stand-in's CRM: objects by type, and the associations between them, in memory. */
export interface HubSpotCrmStore {
  create(objectType: string, properties: Record<string, string>, at?: Date): StoredObject;
  get(objectType: string, id: string): StoredObject | undefined;
  list(objectType: string): StoredObject[];
  update(objectType: string, id: string, properties: Record<string, string | null>): StoredObject | undefined;
  /** Associates both ways, as HubSpot does; `primary` uses the primary label where the pair has one. */
  associate(fromType: string, fromId: string, toType: string, toId: string, options?: { primary?: boolean; typeId?: number }): void;
  associationsOf(fromType: string, fromId: string, toType: string): StoredAssociation[];
}

export function createHubSpotCrmStore(): HubSpotCrmStore {
  const objects = new Map<string, Map<string, StoredObject>>();
  const associations: StoredAssociation[] = [];
  // HubSpot ids are numeric strings; one counter keeps them unique across types, as in a real portal.
  let nextId = 51_000_000_001;
  const of = (objectType: string) => {
    let byId = objects.get(objectType);
    if (!byId) objects.set(objectType, (byId = new Map()));
    return byId;
  };
  return {
    create(objectType, properties, at = new Date()) {
      const id = String(nextId++);
      const stamp = at.toISOString();
      const [created, objectId, modified] = alwaysReturnedProperties(objectType) as [string, string, string];
      const object: StoredObject = {
        id,
        properties: { ...properties, [created]: stamp, [objectId]: id, [modified]: stamp },
        createdAt: stamp,
        updatedAt: stamp,
      };
      of(objectType).set(id, object);
      return object;
    },
    get: (objectType, id) => of(objectType).get(id),
    list: (objectType) => [...of(objectType).values()],
    update(objectType, id, properties) {
      const object = of(objectType).get(id);
      if (!object) return undefined;
      const stamp = new Date().toISOString();
      const modified = alwaysReturnedProperties(objectType)[2] as string;
      Object.assign(object.properties, properties, { [modified]: stamp });
      object.updatedAt = stamp;
      return object;
    },
    associate(fromType, fromId, toType, toId, options = {}) {
      const forward = associationTypeIds[`${fromType}->${toType}`];
      const backward = associationTypeIds[`${toType}->${fromType}`];
      const typeId = options.typeId ?? (options.primary ? forward?.primaryTypeId : undefined) ?? forward?.typeId ?? backward?.inverse ?? 1;
      const label = options.primary && forward?.primaryTypeId !== undefined ? 'Primary' : null;
      associations.push({ fromType, fromId, toType, toId, typeId, label });
      const inverse = forward?.inverse ?? backward?.typeId ?? typeId;
      associations.push({ fromType: toType, fromId: toId, toType: fromType, toId: fromId, typeId: inverse, label });
    },
    associationsOf: (fromType, fromId, toType) =>
      associations.filter((entry) => entry.fromType === fromType && entry.fromId === fromId && entry.toType === toType),
  };
}
