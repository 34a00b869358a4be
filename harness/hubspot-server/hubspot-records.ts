/** One CRM object as the stand-in keeps it: every property value a string, as HubSpot stores them. */
export interface StoredObject {
  id: string;
  properties: Record<string, string | null>;
  createdAt: string;
  updatedAt: string;
}

/** An association as CRM v4 reports it: one label per association type (HUBSPOT_DEFINED type ids). */
export interface StoredAssociation {
  fromType: string;
  fromId: string;
  toType: string;
  toId: string;
  typeId: number;
  label: string | null;
}

/** The object types the stand-in serves; notes are created by write-back. */
export const servedObjectTypes = ['contacts', 'companies', 'deals', 'notes'] as const;

/**
 * HUBSPOT_DEFINED association type ids (developers.hubspot.com/docs/api/crm/associations, "Association type
 * id values"): note → contact 202, note → company 190, note → deal 214; deal → company 341 (5 when primary),
 * contact → company 279 (1 when primary), and their inverses.
 */
export const associationTypeIds: Record<string, { typeId: number; primaryTypeId?: number; inverse: number }> = {
  'notes->contacts': { typeId: 202, inverse: 201 },
  'notes->companies': { typeId: 190, inverse: 189 },
  'notes->deals': { typeId: 214, inverse: 213 },
  'deals->companies': { typeId: 341, primaryTypeId: 5, inverse: 342 },
  'contacts->companies': { typeId: 279, primaryTypeId: 1, inverse: 280 },
  'deals->contacts': { typeId: 3, inverse: 4 },
};

/**
 * The properties every CRM v3 object answer carries whether asked or not (`hs_object_id`, `createdate` and
 * the last-modified date, named `lastmodifieddate` on contacts and `hs_lastmodifieddate` elsewhere).
 */
export function alwaysReturnedProperties(objectType: string): string[] {
  return ['createdate', 'hs_object_id', objectType === 'contacts' ? 'lastmodifieddate' : 'hs_lastmodifieddate'];
}
