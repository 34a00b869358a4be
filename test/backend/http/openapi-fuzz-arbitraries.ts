import fc from 'fast-check';

/**
 * A small JSON-Schema-to-arbitrary for the subset that /openapi.json uses (schemas converted from zod with
 * target openapi-3.0), plus schema-aware mutations that say whether the result is certainly invalid.
 */
export type JsonSchema = Record<string, unknown>;

export interface GenerationContext {
  /** Base URLs that cannot leave the machine: closed 127.0.0.1 ports and hosts under .invalid. */
  safeBaseUrls: readonly string[];
}

const maxInt32 = 2 ** 31 - 1;
const minInt32 = -(2 ** 31);

/**
 * JSON text that JSON.stringify cannot (1e309) or should not (thousands of levels deep) produce goes in as a
 * sentinel string, replaced after serialisation; `shape` is a small value of the same JSON type for checks.
 */
const rawTexts: { text: string; shape: unknown }[] = [];
const rawPattern = /^\u0000RAW:(\d+)\u0000$/;

export function rawToken(text: string, shape: unknown): string {
  rawTexts.push({ text, shape });
  return `\u0000RAW:${rawTexts.length - 1}\u0000`;
}

function rawOf(value: unknown): { text: string; shape: unknown } | undefined {
  const match = typeof value === 'string' ? rawPattern.exec(value) : null;
  return match ? rawTexts[Number(match[1])] : undefined;
}

export function serialise(value: unknown): string {
  return JSON.stringify(value).replace(
    /"\\u0000RAW:(\d+)\\u0000"/g,
    (_match, index: string) => (rawTexts[Number(index)] as { text: string }).text,
  );
}

function schemaProperties(schema: JsonSchema): Record<string, JsonSchema> {
  return (schema.properties ?? {}) as Record<string, JsonSchema>;
}

function requiredOf(schema: JsonSchema): string[] {
  return (schema.required ?? []) as string[];
}

function recordValueSchema(schema: JsonSchema): JsonSchema | undefined {
  const additional = schema.additionalProperties;
  return typeof additional === 'object' && additional !== null ? (additional as JsonSchema) : undefined;
}

const printable = fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((code) => String.fromCharCode(code)), maxLength: 24 });

function stringArbitrary(schema: JsonSchema, context: GenerationContext): fc.Arbitrary<string> {
  if (Array.isArray(schema.enum)) return fc.constantFrom(...(schema.enum as string[]));
  if (schema.format === 'uri') return fc.constantFrom(...context.safeBaseUrls);
  if (schema.format === 'uuid') return fc.uuid({ version: 4 });
  if (typeof schema.pattern === 'string') {
    try {
      return fc.stringMatching(new RegExp(schema.pattern as string), { size: 'small' });
    } catch {
      // fall through to a plain string
    }
  }
  const minLength = typeof schema.minLength === 'number' ? schema.minLength : 0;
  const maxLength = typeof schema.maxLength === 'number' ? Math.min(schema.maxLength, minLength + 40) : minLength + 24;
  return fc.oneof(
    {
      arbitrary: fc.string({ unit: fc.integer({ min: 0x21, max: 0x7e }).map((code) => String.fromCharCode(code)), minLength, maxLength }),
      weight: 4,
    },
    { arbitrary: fc.string({ unit: 'grapheme', minLength, maxLength }), weight: 1 },
  );
}

function numberArbitrary(schema: JsonSchema): fc.Arbitrary<number> {
  const integer = schema.type === 'integer';
  let min = typeof schema.minimum === 'number' ? schema.minimum : -1e6;
  let max = typeof schema.maximum === 'number' ? schema.maximum : 1e6;
  if (integer) {
    if (schema.exclusiveMinimum === true) min += 1;
    if (schema.exclusiveMaximum === true) max -= 1;
    const small = fc.integer({
      min: Math.max(min, minInt32),
      max: Math.min(max, Math.max(Math.max(min, minInt32), Math.min(maxInt32, min + 10_000))),
    });
    return fc.oneof({ arbitrary: small, weight: 5 }, { arbitrary: fc.constantFrom(min, max), weight: 1 });
  }
  return fc.double({
    min,
    max,
    noNaN: true,
    noDefaultInfinity: true,
    minExcluded: schema.exclusiveMinimum === true,
    maxExcluded: schema.exclusiveMaximum === true,
  });
}

/** Values that should mostly satisfy the schema (zod refinements the document cannot express aside). */
export function arbitraryOf(schema: JsonSchema | undefined, context: GenerationContext, depth = 0): fc.Arbitrary<unknown> {
  if (!schema || depth > 12) return fc.constant(null);
  const nullable = schema.nullable === true;
  const base = baseArbitraryOf(schema, context, depth);
  return nullable ? fc.oneof({ arbitrary: base, weight: 4 }, { arbitrary: fc.constant(null), weight: 1 }) : base;
}

function baseArbitraryOf(schema: JsonSchema, context: GenerationContext, depth: number): fc.Arbitrary<unknown> {
  const alternatives = (schema.anyOf ?? schema.oneOf) as JsonSchema[] | undefined;
  if (Array.isArray(alternatives) && alternatives.length > 0)
    return fc.oneof(...alternatives.map((alternative) => arbitraryOf(alternative, context, depth + 1)));
  if (Array.isArray(schema.enum)) return fc.constantFrom(...(schema.enum as unknown[]));
  switch (schema.type) {
    case 'string':
      return stringArbitrary(schema, context);
    case 'integer':
    case 'number':
      return numberArbitrary(schema);
    case 'boolean':
      return fc.boolean();
    case 'array': {
      const minItems = typeof schema.minItems === 'number' ? schema.minItems : 0;
      const maxItems = Math.min(typeof schema.maxItems === 'number' ? schema.maxItems : 3, minItems + 3);
      return fc.array(arbitraryOf(schema.items as JsonSchema | undefined, context, depth + 1), {
        minLength: minItems,
        maxLength: maxItems,
      });
    }
    case 'object': {
      const properties = schemaProperties(schema);
      const model: Record<string, fc.Arbitrary<unknown>> = {};
      for (const [name, property] of Object.entries(properties)) model[name] = arbitraryOf(property, context, depth + 1);
      const fixed = fc.record(model, { requiredKeys: requiredOf(schema).filter((name) => name in properties) });
      const valueSchema = recordValueSchema(schema);
      if (!valueSchema) return fixed;
      const entries = fc.dictionary(
        printable.filter((key) => key.length > 0 && !(key in properties)),
        arbitraryOf(valueSchema, context, depth + 1),
        { maxKeys: 3 },
      );
      return fc.tuple(fixed, entries).map(([known, extra]) => ({ ...extra, ...known }));
    }
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

/* ---------------------------------------------------------------------------------------------------------- */

function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

/** True only when the value certainly fails the schema (so a 2xx for it means garbage was accepted). */
export function certainlyInvalid(schema: JsonSchema | undefined, value: unknown): boolean {
  if (!schema) return false;
  if (schema.anyOf || schema.oneOf) return false;
  if (value === undefined) return false;
  const raw = rawOf(value);
  if (raw) return certainlyInvalid(schema, raw.shape);
  if (value === null) return schema.nullable !== true;
  const type = jsonType(value);
  if (Array.isArray(schema.enum)) return !(schema.enum as unknown[]).includes(value);
  switch (schema.type) {
    case 'string': {
      if (type !== 'string') return true;
      const text = value as string;
      const trimmed = text.trim();
      if (typeof schema.maxLength === 'number' && trimmed.length > schema.maxLength) return true;
      if (typeof schema.minLength === 'number' && text.length < schema.minLength) return true;
      if (typeof schema.pattern === 'string') {
        const pattern = new RegExp(schema.pattern as string);
        if (!pattern.test(text) && !pattern.test(trimmed)) return true;
      }
      return false;
    }
    case 'integer':
    case 'number': {
      if (type !== 'integer' && type !== 'number') return true;
      const number = value as number;
      if (!Number.isFinite(number)) return true;
      if (schema.type === 'integer' && !Number.isInteger(number)) return true;
      if (
        typeof schema.minimum === 'number' &&
        (number < schema.minimum || (schema.exclusiveMinimum === true && number === schema.minimum))
      )
        return true;
      if (
        typeof schema.maximum === 'number' &&
        (number > schema.maximum || (schema.exclusiveMaximum === true && number === schema.maximum))
      )
        return true;
      return false;
    }
    case 'boolean':
      return type !== 'boolean';
    case 'array': {
      if (type !== 'array') return true;
      const items = value as unknown[];
      if (typeof schema.maxItems === 'number' && items.length > schema.maxItems) return true;
      if (typeof schema.minItems === 'number' && items.length < schema.minItems) return true;
      return items.some((item) => certainlyInvalid(schema.items as JsonSchema | undefined, item));
    }
    case 'object': {
      if (type !== 'object') return true;
      const object = value as Record<string, unknown>;
      const properties = schemaProperties(schema);
      if (requiredOf(schema).some((name) => !Object.prototype.hasOwnProperty.call(object, name))) return true;
      const valueSchema = recordValueSchema(schema);
      for (const key of Object.keys(object)) {
        if (Object.prototype.hasOwnProperty.call(properties, key)) {
          if (certainlyInvalid(properties[key], object[key])) return true;
        } else if (schema.additionalProperties === false) {
          return true;
        } else if (valueSchema && certainlyInvalid(valueSchema, object[key])) {
          return true;
        }
      }
      return false;
    }
    default:
      return false;
  }
}

/** A place inside a generated value, with the schema that governs it (undefined when unknown). */
interface Location {
  path: (string | number)[];
  schema: JsonSchema | undefined;
}

function locationsOf(schema: JsonSchema | undefined, value: unknown, path: (string | number)[] = [], out: Location[] = []): Location[] {
  out.push({ path, schema });
  if (!schema || schema.anyOf || schema.oneOf) return out;
  if (Array.isArray(value)) {
    value.forEach((item, index) => locationsOf(schema.items as JsonSchema | undefined, item, [...path, index], out));
  } else if (value !== null && typeof value === 'object') {
    const properties = schemaProperties(schema);
    const valueSchema = recordValueSchema(schema);
    for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
      locationsOf(Object.prototype.hasOwnProperty.call(properties, key) ? properties[key] : valueSchema, child, [...path, key], out);
    }
  }
  return out;
}

function clone<T>(value: T): T {
  return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T);
}

function getAt(root: unknown, path: (string | number)[]): unknown {
  let current = root;
  for (const key of path) current = (current as Record<string | number, unknown>)[key];
  return current;
}

/** Replaces the value at path; an empty path replaces the root. */
function setAt(root: unknown, path: (string | number)[], value: unknown): unknown {
  if (path.length === 0) return value;
  const parent = getAt(root, path.slice(0, -1)) as Record<string | number, unknown>;
  parent[path[path.length - 1] as string | number] = value;
  return root;
}

/** Copies the subtree at path and checks the whole mutated document against the schema afterwards. */
export interface Mutated {
  value: unknown;
  mustReject: boolean;
  note: string;
}

const hostileStrings = [
  '\u0000',
  'a\u0000b',
  '\u0007\b\t\n\u000b\f\r\u001b',
  '\ud800',
  '\udfff\ud800',
  '\u202eevil',
  '\u200b\u200c\u200d\ufeff',
  '💥🧨👩‍👩‍👧‍👦',
  'Ａｄｍｉｎ',
  'ǅ̶̡̧͍̭̖',
  '日本語のテキスト',
  '../../etc/passwd',
  '..',
  '%2F',
  '/',
  '{{client_name}}',
  '${process.exit()}',
  '<script>alert(1)</script>',
  "' OR 1=1 --",
  '__proto__',
  'constructor',
  '   ',
  '',
];

const nanLikes = ['NaN', 'Infinity', '-Infinity', '1e309', '-0', '0x10', ' 1 ', '', 'null', 'true', '1_000', '١٢٣'];
// Past 2^53 on purpose: the literal the fuzzer sends is not the number JavaScript holds.
/* eslint-disable no-loss-of-precision */
const negatives = [
  -1,
  -0.5,
  -1e-300,
  -2147483649,
  -9007199254740993,
  -1e308,
  rawToken('-1e309', Number.NEGATIVE_INFINITY),
  rawToken('1e309', Number.POSITIVE_INFINITY),
  1e308,
  9007199254740993,
  0.1 + 0.2,
  1.5,
];
/* eslint-enable no-loss-of-precision */
const wrongTypes: unknown[] = [0, 123, -7, 1.25, true, false, 'a-string', [], [1, 'x'], {}, { nested: true }, null];

function deepNest(depth: number, kind: 'object' | 'array'): string {
  return kind === 'object'
    ? rawToken(`${'{"a":'.repeat(depth)}{}${'}'.repeat(depth)}`, { a: { a: {} } })
    : rawToken(`${'['.repeat(depth)}${']'.repeat(depth)}`, [[[]]]);
}

function protoObject(key: '__proto__' | 'constructor' | 'prototype', base: Record<string, unknown>): Record<string, unknown> {
  const payload = JSON.parse(`{"${key}":{"polluted":true,"role":"owner","isAdmin":true}}`) as Record<string, unknown>;
  return Object.assign(payload, base);
}

type MutationKind =
  | 'wrong-type'
  | 'drop-required'
  | 'unknown-field'
  | 'prototype-key'
  | 'huge-string'
  | 'deep-nesting'
  | 'nan-like-string'
  | 'out-of-range-number'
  | 'hostile-unicode'
  | 'array-for-object'
  | 'null';

export const mutationKinds: MutationKind[] = [
  'wrong-type',
  'drop-required',
  'unknown-field',
  'prototype-key',
  'huge-string',
  'deep-nesting',
  'nan-like-string',
  'out-of-range-number',
  'hostile-unicode',
  'array-for-object',
  'null',
];

/** Applies one mutation at one location of a valid-ish value. */
export function mutate(schema: JsonSchema, valid: unknown, kind: MutationKind, pick: number, variant: number): Mutated {
  const value = clone(valid);
  const locations = locationsOf(schema, value);
  const filterFor = (predicate: (location: Location, current: unknown) => boolean): Location[] =>
    locations.filter((location) => predicate(location, getAt(value, location.path)));
  const choose = (candidates: Location[]): Location | undefined =>
    candidates.length === 0 ? undefined : candidates[pick % candidates.length];
  const where = (location: Location) => (location.path.length === 0 ? '(root)' : location.path.join('.'));
  const replaced = (location: Location, replacement: unknown, label: string): Mutated => {
    const result = setAt(value, location.path, replacement);
    return { value: result, mustReject: certainlyInvalid(schema, result), note: `${kind} at ${where(location)}: ${label}` };
  };
  const isObject = (current: unknown) => current !== null && typeof current === 'object' && !Array.isArray(current);

  switch (kind) {
    case 'wrong-type': {
      const location = choose(locations) as Location;
      const replacement = wrongTypes[variant % wrongTypes.length];
      return replaced(location, replacement, JSON.stringify(replacement));
    }
    case 'drop-required': {
      const location = choose(
        filterFor(
          (candidate, current) =>
            isObject(current) &&
            candidate.schema !== undefined &&
            requiredOf(candidate.schema).some((name) => Object.prototype.hasOwnProperty.call(current, name)),
        ),
      );
      if (!location) return mutate(schema, valid, 'wrong-type', pick, variant);
      const current = getAt(value, location.path) as Record<string, unknown>;
      const names = requiredOf(location.schema as JsonSchema).filter((name) => Object.prototype.hasOwnProperty.call(current, name));
      const dropped = names[variant % names.length] as string;
      delete current[dropped];
      return { value, mustReject: certainlyInvalid(schema, value), note: `drop-required ${dropped} at ${where(location)}` };
    }
    case 'unknown-field': {
      const location = choose(filterFor((_candidate, current) => isObject(current)));
      if (!location) return mutate(schema, valid, 'array-for-object', pick, variant);
      const current = getAt(value, location.path) as Record<string, unknown>;
      const names = ['zzUnknown', 'organisationId', 'role', 'id', 'createdAt', 'version', '$where', 'a.b', ''];
      const name = names[variant % names.length] as string;
      current[name] = variant % 2 === 0 ? 'x' : { nested: [1, 2] };
      return { value, mustReject: certainlyInvalid(schema, value), note: `unknown-field ${JSON.stringify(name)} at ${where(location)}` };
    }
    case 'prototype-key': {
      const location = choose(filterFor((_candidate, current) => isObject(current)));
      const keys = ['__proto__', 'constructor', 'prototype'] as const;
      const key = keys[variant % keys.length] as (typeof keys)[number];
      if (!location)
        return {
          value: protoObject(key, {}),
          mustReject: certainlyInvalid(schema, protoObject(key, {})),
          note: `prototype-key ${key} as the root`,
        };
      const polluted = protoObject(key, getAt(value, location.path) as Record<string, unknown>);
      return replaced(location, polluted, `own key ${key}`);
    }
    case 'huge-string': {
      const location =
        choose(filterFor((candidate, current) => typeof current === 'string' || candidate.schema?.type === 'string')) ?? choose(locations);
      const lengths = [501, 4_001, 20_001, 60_000];
      const length = lengths[variant % lengths.length] as number;
      const filler = variant % 3 === 0 ? 'é' : 'x';
      return replaced(location as Location, filler.repeat(length), `${length} × ${filler}`);
    }
    case 'deep-nesting': {
      const location = choose(locations) as Location;
      const depths = [64, 512, 3_000, 9_000];
      const depth = depths[variant % depths.length] as number;
      const nestKind = variant % 2 === 0 ? 'object' : 'array';
      return replaced(location, deepNest(depth, nestKind), `${nestKind} nested ${depth} deep`);
    }
    case 'nan-like-string': {
      const location =
        choose(filterFor((candidate) => candidate.schema?.type === 'number' || candidate.schema?.type === 'integer')) ?? choose(locations);
      const replacement = nanLikes[variant % nanLikes.length];
      return replaced(location as Location, replacement, JSON.stringify(replacement));
    }
    case 'out-of-range-number': {
      const location =
        choose(filterFor((candidate) => candidate.schema?.type === 'number' || candidate.schema?.type === 'integer')) ?? choose(locations);
      const replacement = negatives[variant % negatives.length];
      return replaced(
        location as Location,
        replacement,
        typeof replacement === 'string' ? (rawOf(replacement)?.text ?? replacement) : String(replacement),
      );
    }
    case 'hostile-unicode': {
      const location =
        choose(filterFor((candidate, current) => typeof current === 'string' || candidate.schema?.type === 'string')) ?? choose(locations);
      const replacement = hostileStrings[variant % hostileStrings.length];
      return replaced(location as Location, replacement, JSON.stringify(replacement));
    }
    case 'array-for-object': {
      const location = choose(filterFor((_candidate, current) => isObject(current))) ?? choose(locations);
      const current = getAt(value, (location as Location).path);
      return replaced(location as Location, [current, current], 'wrapped in an array');
    }
    case 'null': {
      const location = choose(locations) as Location;
      return replaced(location, null, 'null');
    }
  }
}
