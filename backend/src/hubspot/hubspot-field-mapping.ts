import { hubSpotAssociationNames, type HubSpotFieldMapping, type HubSpotObjectType } from '../../../contracts/hubspot';

/** What to read for a mapping: the record's own properties, and per associated type the properties of that record. */
export interface MappingPlan {
  own: string[];
  associated: Map<HubSpotObjectType, string[]>;
}

export function planOfMapping(mapping: HubSpotFieldMapping): MappingPlan {
  const own = new Set<string>();
  const associated = new Map<HubSpotObjectType, Set<string>>();
  for (const path of Object.values(mapping)) {
    const dot = path.indexOf('.');
    if (dot < 0) {
      own.add(path);
      continue;
    }
    const type = hubSpotAssociationNames[path.slice(0, dot)] as HubSpotObjectType;
    const properties = associated.get(type) ?? new Set<string>();
    properties.add(path.slice(dot + 1));
    associated.set(type, properties);
  }
  return { own: [...own], associated: new Map([...associated].map(([type, properties]) => [type, [...properties]])) };
}

type Properties = Record<string, string | null | undefined>;

/**
 * A record's fields: each mapped property's value, or the empty string when the record (or its associated
 * record) has none, so a fill sees an empty field and applies its own rule for it.
 */
export function fieldsOfRecord(
  mapping: HubSpotFieldMapping,
  own: Properties,
  associated: ReadonlyMap<HubSpotObjectType, Properties | undefined>,
): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const [field, path] of Object.entries(mapping)) {
    const dot = path.indexOf('.');
    const value =
      dot < 0 ? own[path] : associated.get(hubSpotAssociationNames[path.slice(0, dot)] as HubSpotObjectType)?.[path.slice(dot + 1)];
    fields[field] = value ?? '';
  }
  return fields;
}
