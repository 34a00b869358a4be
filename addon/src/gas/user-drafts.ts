import type { TagConfiguration } from '../../shared/sidebar-contract';
import { chunkedProperties, chunkKey, countKey, readChunked } from '../storage/chunked-json';

/**
 * What one user typed for one document, kept between sessions in their user properties: field values and
 * tag edits not saved to the backend yet. Other users of the document never see them.
 */
function readObject<Value>(prefix: string): Record<string, Value> {
  const properties = PropertiesService.getUserProperties();
  const value = readChunked<unknown>(prefix, (key) => properties.getProperty(key), {});
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, Value>) : {};
}

function writeObject(prefix: string, value: Record<string, unknown>): void {
  const properties = PropertiesService.getUserProperties();
  const previousCount = Number(properties.getProperty(countKey(prefix)) ?? '0') || 0;
  if (Object.keys(value).length === 0) {
    properties.deleteProperty(countKey(prefix));
    for (let index = 0; index < previousCount; index += 1) properties.deleteProperty(chunkKey(prefix, index));
    return;
  }
  const { set, remove } = chunkedProperties(prefix, value, previousCount);
  properties.setProperties(set);
  for (const key of remove) properties.deleteProperty(key);
}

const fieldValuesPrefix = (documentId: string) => `fieldValues:${documentId}`;
const tagDraftsPrefix = (documentId: string) => `tagDrafts:${documentId}`;

export function loadFieldValues(documentId: string): Record<string, string> {
  const values = readObject<unknown>(fieldValuesPrefix(documentId));
  return Object.fromEntries(Object.entries(values).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
}

export function saveFieldValues(documentId: string, values: Record<string, string>): void {
  writeObject(fieldValuesPrefix(documentId), values);
}

export function loadTagDrafts(documentId: string): Record<string, TagConfiguration> {
  return readObject<TagConfiguration>(tagDraftsPrefix(documentId));
}

export function saveTagDrafts(documentId: string, drafts: Record<string, TagConfiguration>): void {
  writeObject(tagDraftsPrefix(documentId), drafts);
}
