import { namePatternReference } from '../../../contracts/runs';

/** The `{{field}}` names a pattern uses, in order of first use. */
export function namePatternFields(pattern: string): string[] {
  return [...new Set(Array.from(pattern.matchAll(namePatternReference), (match) => match[1] ?? ''))];
}

/** The fields a pattern names that the mapping does not give; empty when the pattern can be rendered. */
export function unknownNamePatternFields(pattern: string, mappedFields: Iterable<string>): string[] {
  const known = new Set(mappedFields);
  return namePatternFields(pattern).filter((field) => !known.has(field));
}

// Drive accepts almost any name; these would disguise it or break it across lines.
const disguisingCharacters = /[\p{Cc}\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/gu;
const maximumNameLength = 250;

/** A record's document name: each `{{field}}` replaced by its value (empty when the record has none). */
export function renderNamePattern(pattern: string, values: Record<string, string>, fallback: string): string {
  const rendered = pattern
    .replace(namePatternReference, (_whole, field: string) => (Object.hasOwn(values, field) ? values[field] : '') ?? '')
    .replace(disguisingCharacters, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, maximumNameLength)
    .trim();
  // A pattern of fields the record left empty would name the document nothing at all.
  return rendered === '' ? fallback : rendered;
}

/** The record's values by template field, through the run's mapping (template field → source field). */
export function fieldValuesOf(mapping: Record<string, string>, fields: Record<string, string>): Record<string, string> {
  // hasOwn: a source field named like an Object.prototype member ("constructor") is not a value.
  const valueOf = (sourceField: string) => (Object.hasOwn(fields, sourceField) ? fields[sourceField] : undefined) ?? '';
  return Object.fromEntries(Object.entries(mapping).map(([templateField, sourceField]) => [templateField, valueOf(sourceField)]));
}
