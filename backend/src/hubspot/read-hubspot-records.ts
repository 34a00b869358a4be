import type { FilterOperatorEnum } from '@hubspot/api-client/lib/codegen/crm/objects/models/all';
import type { HubSpotFieldMapping, HubSpotObjectType, HubSpotRecord, HubSpotSearch } from '../../../contracts/hubspot';
import type { HubSpotSession } from './hubspot-access';
import { fieldsOfRecord, planOfMapping, type MappingPlan } from './hubspot-field-mapping';

type Properties = Record<string, string | null | undefined>;

/** What HubSpot answered for one record: its id and properties. */
interface ReadObject {
  id: string;
  properties: Properties;
}

export const sourceReferenceOf = (objectType: HubSpotObjectType, id: string) => `hubspot:${objectType}/${id}`;

/** Batch reads allow 100 ids per call (HubSpot's batch limit). */
const batchSize = 100;

function chunks<T>(items: readonly T[], size: number): T[][] {
  const result: T[][] = [];
  for (let start = 0; start < items.length; start += size) result.push(items.slice(start, start + size));
  return result;
}

async function batchRead(session: HubSpotSession, objectType: string, ids: readonly string[], properties: string[]): Promise<ReadObject[]> {
  const found: ReadObject[] = [];
  for (const part of chunks(ids, batchSize)) {
    const answer = await session.call((client, options) =>
      client.crm.objects.batchApi.read(
        objectType,
        { inputs: part.map((id) => ({ id })), properties, propertiesWithHistory: [] },
        undefined,
        options,
      ),
    );
    // A 207 lists the ids it could not find under `errors`; what was found is in `results` either way.
    found.push(...answer.results.map((result) => ({ id: result.id, properties: result.properties })));
  }
  return found;
}

/**
 * The first associated record of `toType` for each record: the one labelled Primary when there is one (a
 * deal's primary company), else the lowest id, so the same record is chosen every time.
 */
async function associatedIds(
  session: HubSpotSession,
  fromType: HubSpotObjectType,
  toType: HubSpotObjectType,
  ids: readonly string[],
): Promise<Map<string, string>> {
  const chosen = new Map<string, string>();
  const pick = (targets: { toObjectId: string | number; associationTypes: { label?: string | null }[] }[]) => {
    const primary = targets.find((target) => target.associationTypes.some((type) => type.label === 'Primary'));
    const sorted = [...targets].sort((left, right) => Number(left.toObjectId) - Number(right.toObjectId));
    const target = primary ?? sorted[0];
    return target === undefined ? undefined : String(target.toObjectId);
  };
  if (ids.length === 1) {
    // One record (a workflow's request): the per-record listing, GET /crm/v4/objects/{from}/{id}/associations/{to}.
    const id = ids[0] as string;
    const page = await session.call((client, options) =>
      client.crm.associations.v4.basicApi.getPage(fromType, id, toType, undefined, 500, options),
    );
    const target = pick(page.results);
    if (target !== undefined) chosen.set(id, target);
    return chosen;
  }
  for (const part of chunks(ids, batchSize)) {
    const answer = await session.call((client, options) =>
      client.crm.associations.v4.batchApi.getPage(fromType, toType, { inputs: part.map((id) => ({ id })) }, options),
    );
    for (const result of answer.results) {
      const target = pick(result.to);
      if (target !== undefined) chosen.set(String(result._from.id), target);
    }
  }
  return chosen;
}

/** Reads the associated records a mapping needs and makes each record's fields. */
async function withFields(
  session: HubSpotSession,
  objectType: HubSpotObjectType,
  mapping: HubSpotFieldMapping,
  plan: MappingPlan,
  objects: readonly ReadObject[],
): Promise<HubSpotRecord[]> {
  const associatedOf = new Map<string, Map<HubSpotObjectType, Properties | undefined>>(objects.map((object) => [object.id, new Map()]));
  for (const [toType, properties] of plan.associated) {
    const links =
      objects.length === 0
        ? new Map<string, string>()
        : await associatedIds(
            session,
            objectType,
            toType,
            objects.map((o) => o.id),
          );
    const targets = [...new Set(links.values())];
    const read = targets.length === 0 ? [] : await batchRead(session, toType, targets, properties);
    const byId = new Map(read.map((object) => [object.id, object.properties]));
    for (const [from, to] of links) associatedOf.get(from)?.set(toType, byId.get(to));
  }
  return objects.map((object) => ({
    recordKey: object.id,
    fields: fieldsOfRecord(mapping, object.properties, associatedOf.get(object.id) ?? new Map()),
    sourceReference: sourceReferenceOf(objectType, object.id),
  }));
}

/** Records picked by id, in the order asked; ids HubSpot does not have are returned as `missing`. */
export async function readHubSpotRecordsById(
  session: HubSpotSession,
  input: { objectType: HubSpotObjectType; mapping: HubSpotFieldMapping; ids: readonly string[] },
): Promise<{ records: HubSpotRecord[]; missing: string[] }> {
  const plan = planOfMapping(input.mapping);
  const unique = [...new Set(input.ids)];
  const found = await batchRead(session, input.objectType, unique, plan.own);
  const byId = new Map(found.map((object) => [object.id, object]));
  const ordered = unique.flatMap((id) => (byId.has(id) ? [byId.get(id) as ReadObject] : []));
  return {
    records: await withFields(session, input.objectType, input.mapping, plan, ordered),
    missing: unique.filter((id) => !byId.has(id)),
  };
}

/** One page of a HubSpot search, with the mapped fields; `next` continues it. */
export async function readHubSpotRecordsBySearch(
  session: HubSpotSession,
  input: { objectType: HubSpotObjectType; mapping: HubSpotFieldMapping; search: HubSpotSearch; limit: number; after?: string | undefined },
): Promise<{ records: HubSpotRecord[]; next: string | null; total: number }> {
  const plan = planOfMapping(input.mapping);
  const page = await session.call((client, options) =>
    client.crm.objects.searchApi.doSearch(
      input.objectType,
      {
        filterGroups: input.search.filterGroups.map((group) => ({
          filters: group.filters.map((filter) => ({
            ...filter, // Our operators are a subset of the client's enum, whose values are the same strings.
            operator: filter.operator as FilterOperatorEnum,
          })),
        })),
        ...(input.search.query ? { query: input.search.query } : {}),
        properties: plan.own,
        limit: input.limit,
        ...(input.after ? { after: input.after } : {}),
      },
      options,
    ),
  );
  const objects = page.results.map((result) => ({ id: result.id, properties: result.properties }));
  return {
    records: await withFields(session, input.objectType, input.mapping, plan, objects),
    next: page.paging?.next?.after ?? null,
    total: page.total,
  };
}
