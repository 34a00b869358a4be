import type { StoredObject } from './hubspot-records';

/**
 * CRM search (POST /crm/v3/objects/{objectType}/search), as documented at
 * developers.hubspot.com/docs/api/crm/search: filters inside a group are ANDed, groups are ORed; `query`
 * matches default text properties; results come `limit` at a time (default 10, at most 200) with
 * `paging.next.after` while more remain, and `total` counts every match.
 */
export interface SearchFilter {
  propertyName: string;
  operator: string;
  value?: string;
  values?: string[];
  highValue?: string;
}

export interface SearchRequest {
  filterGroups?: { filters?: SearchFilter[] }[];
  query?: string;
  properties?: string[];
  limit?: number;
  after?: string | number;
  sorts?: unknown[];
}

export const searchOperators = [
  'EQ',
  'NEQ',
  'LT',
  'LTE',
  'GT',
  'GTE',
  'IN',
  'NOT_IN',
  'HAS_PROPERTY',
  'NOT_HAS_PROPERTY',
  'CONTAINS_TOKEN',
];

function matchesFilter(object: StoredObject, filter: SearchFilter): boolean {
  const actual = object.properties[filter.propertyName] ?? null;
  const value = filter.value ?? '';
  const numeric = (text: string | null) => Number(text);
  switch (filter.operator) {
    case 'EQ':
      return actual !== null && actual.toLowerCase() === value.toLowerCase();
    case 'NEQ':
      return actual === null || actual.toLowerCase() !== value.toLowerCase();
    case 'LT':
      return actual !== null && numeric(actual) < numeric(value);
    case 'LTE':
      return actual !== null && numeric(actual) <= numeric(value);
    case 'GT':
      return actual !== null && numeric(actual) > numeric(value);
    case 'GTE':
      return actual !== null && numeric(actual) >= numeric(value);
    case 'IN':
      return actual !== null && (filter.values ?? []).some((candidate) => candidate.toLowerCase() === actual.toLowerCase());
    case 'NOT_IN':
      return actual === null || !(filter.values ?? []).some((candidate) => candidate.toLowerCase() === actual.toLowerCase());
    case 'HAS_PROPERTY':
      return actual !== null && actual !== '';
    case 'NOT_HAS_PROPERTY':
      return actual === null || actual === '';
    case 'CONTAINS_TOKEN':
      return actual !== null && actual.toLowerCase().split(/\W+/).includes(value.replace(/\*/g, '').toLowerCase());
    default:
      return false;
  }
}

export function matchesSearch(object: StoredObject, request: SearchRequest): boolean {
  const groups = request.filterGroups ?? [];
  const inGroups = groups.length === 0 || groups.some((group) => (group.filters ?? []).every((filter) => matchesFilter(object, filter)));
  const query = request.query?.trim().toLowerCase();
  const inQuery = !query || Object.values(object.properties).some((value) => value?.toLowerCase().includes(query));
  return inGroups && inQuery;
}
