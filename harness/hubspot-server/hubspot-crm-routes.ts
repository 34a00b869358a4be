import type { HubSpotCrmStore } from './hubspot-crm-store';
import { objectNotFound, validationError } from './hubspot-error-bodies';
import { alwaysReturnedProperties, servedObjectTypes, type StoredObject } from './hubspot-records';
import { matchesSearch, searchOperators, type SearchRequest } from './hubspot-search';

export interface CrmAnswer {
  status: number;
  body?: unknown;
}

/** Query parameters the official client sends as comma-joined lists (`properties=a,b`), or repeated. */
function listParameter(query: URLSearchParams, name: string): string[] {
  return query
    .getAll(name)
    .flatMap((value) => value.split(','))
    .map((value) => value.trim())
    .filter((value) => value.length > 0);
}

/**
 * An object as CRM v3 answers it (SimplePublicObject in the official client's models): id, the requested
 * properties (null when a known property has no value) plus the ones always returned, createdAt, updatedAt,
 * archived.
 */
function objectView(objectType: string, object: StoredObject, requested: readonly string[]): Record<string, unknown> {
  const names = [...new Set([...alwaysReturnedProperties(objectType), ...requested])];
  const properties: Record<string, string | null> = {};
  for (const name of names) properties[name] = object.properties[name] ?? null;
  return { id: object.id, properties, createdAt: object.createdAt, updatedAt: object.updatedAt, archived: false };
}

/** `deal_to_company`-style names of CRM v3's `associations` answer (CollectionResponseAssociatedId). */
const singular = (objectType: string) => objectType.replace(/ies$/, 'y').replace(/s$/, '');

function unknownObjectType(objectType: string): CrmAnswer {
  return { status: 400, body: validationError(`Unable to infer object type from: ${objectType}`) };
}

function isServed(objectType: string): boolean {
  return (servedObjectTypes as readonly string[]).includes(objectType);
}

function readOne(crm: HubSpotCrmStore, objectType: string, id: string, query: URLSearchParams): CrmAnswer {
  const object = crm.get(objectType, id);
  if (!object) return { status: 404, body: objectNotFound() };
  const view = objectView(objectType, object, listParameter(query, 'properties'));
  const associated = listParameter(query, 'associations');
  if (associated.length > 0) {
    const associations: Record<string, unknown> = {};
    for (const toType of associated) {
      const results = crm
        .associationsOf(objectType, id, toType)
        .map((entry) => ({ id: entry.toId, type: `${singular(objectType)}_to_${singular(toType)}` }));
      // Types with no association are left out, as HubSpot does.
      if (results.length > 0) associations[toType] = { results };
    }
    view.associations = associations;
  }
  return { status: 200, body: view };
}

/**
 * Batch read (POST /crm/v3/objects/{type}/batch/read): 200 with status COMPLETE, or 207 with `errors` naming
 * the ids that do not exist (BatchResponseSimplePublicObjectWithErrors).
 */
function batchRead(crm: HubSpotCrmStore, objectType: string, body: unknown): CrmAnswer {
  const input = (body ?? {}) as { inputs?: { id?: string }[]; properties?: string[] };
  if (!Array.isArray(input.inputs)) return { status: 400, body: validationError('Invalid input JSON on line 1: inputs is required') };
  if (input.inputs.length > 100) return { status: 400, body: validationError('Batch input limit exceeded: 100') };
  const startedAt = new Date().toISOString();
  const found: Record<string, unknown>[] = [];
  const missing: string[] = [];
  for (const { id } of input.inputs) {
    const object = id === undefined ? undefined : crm.get(objectType, String(id));
    if (object) found.push(objectView(objectType, object, input.properties ?? []));
    else missing.push(String(id));
  }
  const answer: Record<string, unknown> = { status: 'COMPLETE', results: found, startedAt, completedAt: new Date().toISOString() };
  if (missing.length === 0) return { status: 200, body: answer };
  answer.numErrors = 1;
  answer.errors = [
    {
      status: 'error',
      category: 'OBJECT_NOT_FOUND',
      message: `Could not get some ${singular(objectType).toUpperCase()} objects, they may be deleted or not exist. Check that ids are valid.`,
      context: { ids: missing },
    },
  ];
  return { status: 207, body: answer };
}

function search(crm: HubSpotCrmStore, objectType: string, body: unknown): CrmAnswer {
  const request = (body ?? {}) as SearchRequest;
  for (const group of request.filterGroups ?? [])
    for (const filter of group.filters ?? [])
      if (!searchOperators.includes(filter.operator))
        return { status: 400, body: validationError(`There was a problem with the request. Unknown operator ${filter.operator}`) };
  const limit = Math.min(Math.max(Number(request.limit ?? 10), 1), 200);
  const offset = Number(request.after ?? 0) || 0;
  const matches = crm
    .list(objectType)
    .filter((object) => matchesSearch(object, request))
    .sort((left, right) => Number(left.id) - Number(right.id));
  const page = matches.slice(offset, offset + limit);
  const answer: Record<string, unknown> = {
    total: matches.length,
    results: page.map((object) => objectView(objectType, object, request.properties ?? [])),
  };
  if (offset + limit < matches.length) answer.paging = { next: { after: String(offset + limit) } };
  return { status: 200, body: answer };
}

function update(crm: HubSpotCrmStore, objectType: string, id: string, body: unknown): CrmAnswer {
  const properties = (body as { properties?: Record<string, string | null> } | undefined)?.properties;
  if (!properties || typeof properties !== 'object')
    return { status: 400, body: validationError('Invalid input JSON: properties is required') };
  const updated = crm.update(objectType, id, properties);
  if (!updated) return { status: 404, body: objectNotFound() };
  return { status: 200, body: objectView(objectType, updated, Object.keys(properties)) };
}

/**
 * Create (POST /crm/v3/objects/{type}): properties plus `associations: [{ to: { id }, types: [{
 * associationCategory, associationTypeId }] }]` (SimplePublicObjectInputForCreate); 201 with the object.
 */
function create(crm: HubSpotCrmStore, objectType: string, body: unknown): CrmAnswer {
  const input = (body ?? {}) as {
    properties?: Record<string, string>;
    associations?: { to?: { id?: string }; types?: { associationCategory?: string; associationTypeId?: number }[] }[];
  };
  if (!input.properties) return { status: 400, body: validationError('Invalid input JSON: properties is required') };
  const targets: { toType: string; toId: string; typeId: number }[] = [];
  for (const association of input.associations ?? []) {
    const toId = String(association.to?.id ?? '');
    const typeId = association.types?.[0]?.associationTypeId;
    const toType = ['contacts', 'companies', 'deals'].find((candidate) => crm.get(candidate, toId));
    if (!toType || typeId === undefined)
      return { status: 400, body: validationError(`Association to object ${toId} with type ${typeId} is not valid`) };
    targets.push({ toType, toId, typeId });
  }
  const object = crm.create(objectType, input.properties);
  for (const target of targets) crm.associate(objectType, object.id, target.toType, target.toId, { typeId: target.typeId });
  return { status: 201, body: objectView(objectType, object, Object.keys(input.properties)) };
}

/**
 * CRM v4 associations of one record (GET /crm/v4/objects/{from}/{id}/associations/{to}): results of
 * `{ toObjectId, associationTypes: [{ category, typeId, label }] }`, one entry per associated record.
 */
function associationsV4(crm: HubSpotCrmStore, fromType: string, id: string, toType: string): CrmAnswer {
  if (!crm.get(fromType, id)) return { status: 404, body: objectNotFound() };
  const byTarget = new Map<string, { category: string; typeId: number; label: string | null }[]>();
  for (const entry of crm.associationsOf(fromType, id, toType)) {
    const types = byTarget.get(entry.toId) ?? [];
    types.push({ category: 'HUBSPOT_DEFINED', typeId: entry.typeId, label: entry.label });
    byTarget.set(entry.toId, types);
  }
  return {
    status: 200,
    body: { results: [...byTarget].map(([toObjectId, associationTypes]) => ({ toObjectId: Number(toObjectId), associationTypes })) },
  };
}

/**
 * CRM v4 batch association read (POST /crm/v4/associations/{from}/{to}/batch/read, inputs of `{ id }`):
 * `results` of `{ from: { id }, to: [{ toObjectId, associationTypes }] }` (BatchResponsePublicAssociationMultiWithLabel);
 * records without such associations come back as a 207 error entry instead of a result (the entry has the
 * client's StandardError shape; its subCategory and message wording are ours, and the product reads neither).
 */
function batchAssociationsV4(crm: HubSpotCrmStore, fromType: string, toType: string, body: unknown): CrmAnswer {
  const inputs = (body as { inputs?: { id?: string }[] } | undefined)?.inputs;
  if (!Array.isArray(inputs)) return { status: 400, body: validationError('Invalid input JSON on line 1: inputs is required') };
  const startedAt = new Date().toISOString();
  const results: unknown[] = [];
  const without: string[] = [];
  for (const { id } of inputs) {
    const listed = associationsV4(crm, fromType, String(id), toType);
    const to = listed.status === 200 ? (listed.body as { results: unknown[] }).results : [];
    if (to.length > 0) results.push({ from: { id: String(id) }, to });
    else without.push(String(id));
  }
  const answer: Record<string, unknown> = { status: 'COMPLETE', results, startedAt, completedAt: new Date().toISOString() };
  if (without.length === 0) return { status: 200, body: answer };
  answer.numErrors = without.length;
  answer.errors = without.map((id) => ({
    status: 'error',
    category: 'OBJECT_NOT_FOUND',
    subCategory: 'crm.associations.NO_ASSOCIATIONS_FOUND',
    message: `No ${singular(toType)} is associated with ${singular(fromType)} ${id}.`,
    context: { fromObjectId: [id] },
  }));
  return { status: 207, body: answer };
}

/** Routes the CRM requests the product makes; anything else is HubSpot's 404 for an unknown path. */
export function answerCrmRequest(crm: HubSpotCrmStore, method: string, url: URL, body: unknown): CrmAnswer {
  const parts = url.pathname
    .split('/')
    .filter((part) => part.length > 0)
    .map(decodeURIComponent);
  const [api, version, collection, objectType = '', second, third, fourth] = parts;
  if (api === 'crm' && version === 'v4' && collection === 'associations' && method === 'POST' && third === 'batch' && fourth === 'read') {
    if (!isServed(objectType) || !second || !isServed(second)) return unknownObjectType(`${objectType}/${second}`);
    return batchAssociationsV4(crm, objectType, second, body);
  }
  if (api !== 'crm' || collection !== 'objects') return { status: 404, body: objectNotFound() };
  if (!isServed(objectType)) return unknownObjectType(objectType);
  if (version === 'v4' && method === 'GET' && second && third === 'associations' && fourth) {
    return associationsV4(crm, objectType, second, fourth);
  }
  if (version !== 'v3') return { status: 404, body: objectNotFound() };
  if (method === 'GET' && second === undefined) {
    const limit = Math.min(Number(url.searchParams.get('limit') ?? 10) || 10, 100);
    const page = crm.list(objectType).slice(0, limit);
    return {
      status: 200,
      body: { results: page.map((object) => objectView(objectType, object, listParameter(url.searchParams, 'properties'))) },
    };
  }
  if (method === 'POST' && second === undefined) return create(crm, objectType, body);
  if (method === 'POST' && second === 'batch' && third === 'read') return batchRead(crm, objectType, body);
  if (method === 'POST' && second === 'search' && third === undefined) return search(crm, objectType, body);
  if (method === 'GET' && second && third === undefined) return readOne(crm, objectType, second, url.searchParams);
  if (method === 'PATCH' && second && third === undefined) return update(crm, objectType, second, body);
  return { status: 404, body: objectNotFound() };
}
