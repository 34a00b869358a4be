import type http from 'node:http';
import net from 'node:net';
import fc from 'fast-check';
import request from 'supertest';
import {
  arbitraryOf,
  certainlyInvalid,
  mutate,
  mutationKinds,
  serialise,
  type GenerationContext,
  type JsonSchema,
} from './openapi-fuzz-arbitraries';

/**
 * The fuzzer of openapi-fuzz.test.ts: fuzzes every operation of /openapi.json with thousands of generated requests
 * (valid-ish ones derived from the schemas, mutations of them, hostile path ids and query strings, raw bodies, odd
 * credentials) and reports each answer that is a 5xx, an error that is not RFC 9457 problem+json, or a 2xx to input
 * that certainly breaks the documented schema.
 */

const jsonBodyLimitBytes = 1024 * 1024;
const concurrency = 8;
const ownerClaims = { sub: 'fuzz-owner', email: 'owner@fuzz.example', hd: 'fuzz.example' };
const memberClaims = { sub: 'fuzz-member', email: 'member@fuzz.example', hd: 'fuzz.example' };

function developmentToken(claims: Record<string, unknown>): string {
  return `dev.${Buffer.from(JSON.stringify(claims)).toString('base64url')}`;
}
const ownerBearer = `Bearer ${developmentToken(ownerClaims)}`;

interface Parameter {
  name: string;
  in: 'path' | 'query';
  required: boolean;
  schema: JsonSchema;
}

export interface Operation {
  operationId: string;
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  path: string;
  role: string | undefined;
  isPublic: boolean;
  pathParameters: Parameter[];
  queryParameters: Parameter[];
  body: JsonSchema | undefined;
  bodyRequired: boolean;
}

type Segment = { kind: 'known'; index: number; fallback: string } | { kind: 'raw'; value: string };

interface FuzzCase {
  operationId: string;
  method: Operation['method'];
  path: string;
  strategy: string;
  note: string;
  segments: Record<string, Segment>;
  query: string;
  authorization: string | undefined;
  contentType: string | undefined;
  extraHeaders: Record<string, string>;
  body: string | undefined;
  /** The request certainly breaks the documented contract, so a 2xx means garbage was accepted. */
  mustReject: boolean;
}

export interface Violation {
  operationId: string;
  method: string;
  url: string;
  strategy: string;
  note: string;
  requestBody: string;
  status: number;
  contentType: string;
  responseBody: string;
  reasons: string[];
}

function operationsOf(document: Record<string, unknown>): Operation[] {
  const operations: Operation[] = [];
  for (const [path, methods] of Object.entries(document.paths as Record<string, Record<string, Record<string, unknown>>>)) {
    for (const [method, operation] of Object.entries(methods)) {
      const parameters = (operation.parameters ?? []) as Parameter[];
      const requestBody = operation.requestBody as { required?: boolean; content: Record<string, { schema: JsonSchema }> } | undefined;
      operations.push({
        operationId: String(operation.operationId),
        method: method as Operation['method'],
        path,
        role: operation['x-required-role'] as string | undefined,
        isPublic: Array.isArray(operation.security) && (operation.security as unknown[]).length === 0,
        pathParameters: parameters.filter((parameter) => parameter.in === 'path'),
        queryParameters: parameters.filter((parameter) => parameter.in === 'query'),
        body: requestBody?.content['application/json']?.schema,
        bodyRequired: requestBody?.required === true,
      });
    }
  }
  return operations;
}

function excerpt(text: string | undefined, length: number): string {
  if (text === undefined) return '(none)';
  const flat = JSON.stringify(text.length > length ? `${text.slice(0, length)}…(${text.length} chars)` : text);
  return flat.slice(1, -1);
}

/** Ports on 127.0.0.1 that were free a moment ago and have nothing listening: connections to them are refused. */
async function closedPorts(count: number): Promise<number[]> {
  const ports: number[] = [];
  for (let index = 0; index < count; index += 1) {
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    ports.push((server.address() as net.AddressInfo).port);
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
  return ports;
}

/** Deterministic shuffle (mulberry32) so the interleaving of operations is part of the seed. */
function shuffled<T>(items: T[], shuffleSeed: number): T[] {
  let state = shuffleSeed >>> 0;
  const random = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const result = [...items];
  for (let index = result.length - 1; index > 0; index -= 1) {
    const other = Math.floor(random() * (index + 1));
    [result[index], result[other]] = [result[other] as T, result[index] as T];
  }
  return result;
}

/* ----------------------------------------------- generators ----------------------------------------------- */

const fuzzSegments: string[] = [
  'a'.repeat(129),
  'x'.repeat(1_000),
  '..',
  '.',
  '...',
  'a..b',
  '%2F',
  'a%2Fb',
  '%2e%2e',
  '%252F',
  encodeURIComponent('日本語'),
  encodeURIComponent('é'),
  encodeURIComponent('💥'),
  '%00',
  '%0A',
  '%E0%A4%A',
  '%',
  '%zz',
  '%20',
  'a%3Fb',
  'a%23b',
  'a;b',
  '~',
  "a'b",
  '',
  '__proto__',
  'constructor',
  '__name__',
  '__x__',
  '-',
  '_',
];

function segmentMustBeRejected(segment: string, schema: JsonSchema): boolean {
  if (segment === '' || segment === '.') return false; // the URL then names another resource (e.g. the collection)
  let decoded: string;
  try {
    decoded = decodeURIComponent(segment);
  } catch {
    return true;
  }
  return certainlyInvalid(schema, decoded);
}

const queryValues: string[] = [
  '1e400',
  '99999999999999999999',
  '9007199254740993',
  '-1',
  '0',
  '1.5',
  'NaN',
  'Infinity',
  '',
  '  ',
  '0x10',
  'abc',
  '日本',
  '__proto__',
  'x'.repeat(5_000),
  '2024-02-30',
  '2024-13-01',
  '0000-00-00',
  '9999-12-31',
  '2023-02-29',
  '2024-02-29',
  '\u0000',
  '\ud800',
  'organisation',
  'mine',
];

function queryValueMustBeRejected(schema: JsonSchema, raw: string): boolean {
  if (schema.type === 'integer' || schema.type === 'number') return certainlyInvalid(schema, Number(raw));
  return certainlyInvalid(schema, raw);
}

/** encodeURIComponent, except that lone surrogates go out as the UTF-8 bytes of U+FFFD instead of throwing. */
function encode(text: string): string {
  try {
    return encodeURIComponent(text);
  } catch {
    return [...Buffer.from(text, 'utf8')].map((byte) => `%${byte.toString(16).toUpperCase().padStart(2, '0')}`).join('');
  }
}

function queryStringOf(values: Record<string, unknown>): string {
  return Object.entries(values)
    .filter(([, value]) => value !== undefined)
    .map(([name, value]) => `${encode(name)}=${encode(String(value))}`)
    .join('&');
}

interface RawBody {
  label: string;
  contentType: string | undefined;
  headers?: Record<string, string>;
  body: (valid: unknown) => string;
  /** For an operation with a body: whether the service must refuse it. */
  rejects: (operation: Operation, valid: unknown) => boolean;
}

const always = () => true;
const whenBodyRequired = (operation: Operation) => operation.bodyRequired;
const parsedAs = (value: unknown) => (operation: Operation) => certainlyInvalid(operation.body, value);

const rawBodies: RawBody[] = [
  { label: 'truncated JSON', contentType: 'application/json', body: () => '{"a":', rejects: always },
  { label: 'single-quoted JSON', contentType: 'application/json', body: () => "{'a':1}", rejects: always },
  { label: 'trailing comma', contentType: 'application/json', body: () => '{"a":1,}', rejects: always },
  { label: 'bare word', contentType: 'application/json', body: () => 'nul', rejects: always },
  { label: 'NUL byte', contentType: 'application/json', body: () => '\u0000', rejects: always },
  { label: 'top-level string', contentType: 'application/json', body: () => '"text"', rejects: always },
  { label: 'top-level number', contentType: 'application/json', body: () => '42', rejects: always },
  { label: 'top-level null', contentType: 'application/json', body: () => 'null', rejects: always },
  { label: 'top-level true', contentType: 'application/json', body: () => 'true', rejects: always },
  { label: 'unterminated string', contentType: 'application/json', body: () => '{"a":"b', rejects: always },
  {
    label: 'lone surrogate escape',
    contentType: 'application/json',
    body: () => '{"\\ud800":"\\udc00x"}',
    rejects: parsedAs({ '\ud800': '\udc00x' }),
  },
  {
    label: 'duplicate keys',
    contentType: 'application/json',
    body: (valid) => serialise(valid).replace(/^\{/, '{"zzDup":1,"zzDup":2,'),
    rejects: always,
  },
  { label: 'empty body', contentType: 'application/json', body: () => '', rejects: whenBodyRequired },
  { label: 'whitespace body', contentType: 'application/json', body: () => '   \n', rejects: whenBodyRequired },
  {
    label: 'over the 1 MB limit',
    contentType: 'application/json',
    body: () => JSON.stringify({ pad: 'x'.repeat(1_100_000) }),
    rejects: always,
  },
  {
    label: 'valid body padded over the limit',
    contentType: 'application/json',
    body: (valid) => `${serialise(valid)}${' '.repeat(jsonBodyLimitBytes + 1000)}`,
    rejects: always,
  },
  { label: 'JSON sent as text/plain', contentType: 'text/plain', body: (valid) => serialise(valid), rejects: whenBodyRequired },
  {
    label: 'JSON sent as form data',
    contentType: 'application/x-www-form-urlencoded',
    body: () => 'role=owner&removed=false',
    rejects: whenBodyRequired,
  },
  {
    label: 'JSON sent as merge-patch+json',
    contentType: 'application/merge-patch+json',
    body: (valid) => serialise(valid),
    rejects: whenBodyRequired,
  },
  { label: 'charset utf-16', contentType: 'application/json; charset=utf-16', body: () => '{}', rejects: always },
  { label: 'charset koi8-r', contentType: 'application/json; charset=koi8-r', body: () => '{}', rejects: always },
  {
    label: 'gzip that is not gzip',
    contentType: 'application/json',
    headers: { 'content-encoding': 'gzip' },
    body: () => '{"not":"gzip"}',
    rejects: always,
  },
  {
    label: 'unknown content-encoding',
    contentType: 'application/json',
    headers: { 'content-encoding': 'br2' },
    body: () => '{}',
    rejects: always,
  },
];

interface AuthCase {
  label: string;
  header: string | undefined;
  rejects: boolean;
}

const authCases: AuthCase[] = [
  { label: 'no Authorization', header: undefined, rejects: true },
  { label: 'empty Bearer', header: 'Bearer ', rejects: true },
  { label: 'garbage Bearer', header: 'Bearer garbage', rejects: true },
  { label: 'Basic credentials', header: 'Basic dXNlcjpwYXNz', rejects: true },
  { label: 'dev token not base64 JSON', header: 'Bearer dev.!!!', rejects: true },
  { label: 'dev token without email', header: `Bearer ${developmentToken({ sub: 'x' })}`, rejects: true },
  { label: 'dev token with an empty sub', header: `Bearer ${developmentToken({ sub: '', email: 'a@fuzz.example' })}`, rejects: true },
  {
    label: 'dev token with an over-long sub',
    header: `Bearer ${developmentToken({ sub: 's'.repeat(129), email: 'a@fuzz.example' })}`,
    rejects: true,
  },
  { label: 'JWT-looking token', header: 'Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiIxIn0.', rejects: true },
  { label: 'very long token', header: `Bearer ${'a'.repeat(10_000)}`, rejects: true },
  { label: 'lower-case scheme', header: `bearer ${developmentToken(ownerClaims)}`, rejects: false },
  {
    label: 'sub with a slash',
    header: `Bearer ${developmentToken({ sub: 'a/b', email: 'slash@fuzz.example', hd: 'fuzz.example' })}`,
    rejects: false,
  },
  { label: 'sub ..', header: `Bearer ${developmentToken({ sub: '..', email: 'dots@fuzz.example', hd: 'fuzz.example' })}`, rejects: false },
  {
    label: 'sub __proto__',
    header: `Bearer ${developmentToken({ sub: '__proto__', email: 'proto@fuzz.example', hd: 'fuzz.example' })}`,
    rejects: false,
  },
  {
    label: 'sub __x__',
    header: `Bearer ${developmentToken({ sub: '__x__', email: 'reserved@fuzz.example', hd: 'fuzz.example' })}`,
    rejects: false,
  },
  {
    label: 'unicode sub',
    header: `Bearer ${developmentToken({ sub: '日本\u0000', email: 'uni@fuzz.example', hd: 'fuzz.example' })}`,
    rejects: false,
  },
  { label: 'hd with a slash', header: `Bearer ${developmentToken({ sub: '1', email: 'a@b.example', hd: 'a/b' })}`, rejects: false },
  { label: 'hd ..', header: `Bearer ${developmentToken({ sub: '1', email: 'a@b.example', hd: '..' })}`, rejects: false },
  { label: 'hd __proto__', header: `Bearer ${developmentToken({ sub: '1', email: 'a@b.example', hd: '__proto__' })}`, rejects: false },
  { label: 'long hd', header: `Bearer ${developmentToken({ sub: '1', email: 'a@b.example', hd: 'h'.repeat(253) })}`, rejects: false },
  {
    label: 'no hd (consumer account)',
    header: `Bearer ${developmentToken({ sub: 'consumer', email: 'someone@gmail.com' })}`,
    rejects: false,
  },
  {
    label: 'upper-case email',
    header: `Bearer ${developmentToken({ sub: 'fuzz-upper', email: 'UPPER@FUZZ.EXAMPLE', hd: 'fuzz.example' })}`,
    rejects: false,
  },
];

function runsFor(operation: Operation): number {
  return 55 + (operation.body ? 140 : 0) + 25 * operation.pathParameters.length + 12 * operation.queryParameters.length;
}

function caseArbitrary(
  operation: Operation,
  context: GenerationContext,
  makeSafe: (operation: Operation, body: unknown) => unknown,
): fc.Arbitrary<FuzzCase> {
  const base = (): Omit<FuzzCase, 'strategy' | 'note' | 'segments' | 'query' | 'body' | 'mustReject'> => ({
    operationId: operation.operationId,
    method: operation.method,
    path: operation.path,
    authorization: ownerBearer,
    contentType: undefined,
    extraHeaders: {},
  });
  const validSegment = (parameter: Parameter): fc.Arbitrary<Segment> =>
    fc.oneof(
      {
        arbitrary: fc
          .tuple(fc.nat(), arbitraryOf(parameter.schema, context))
          .map(([index, fallback]): Segment => ({ kind: 'known', index, fallback: String(fallback) })),
        weight: 3,
      },
      {
        arbitrary: arbitraryOf(parameter.schema, context).map((value): Segment => ({ kind: 'raw', value: encode(String(value)) })),
        weight: 2,
      },
    );
  const segmentsArbitrary: fc.Arbitrary<Record<string, Segment>> = fc.record(
    Object.fromEntries(operation.pathParameters.map((parameter) => [parameter.name, validSegment(parameter)])),
  );
  const querySchema: JsonSchema = {
    type: 'object',
    properties: Object.fromEntries(operation.queryParameters.map((parameter) => [parameter.name, parameter.schema])),
    required: operation.queryParameters.filter((parameter) => parameter.required).map((parameter) => parameter.name),
  };
  const validQuery = arbitraryOf(querySchema, context) as fc.Arbitrary<Record<string, unknown>>;
  const validBody = operation.body ? arbitraryOf(operation.body, context) : fc.constant(undefined);
  const jsonBody = (value: unknown) => {
    const safe = makeSafe(operation, value);
    const text = serialise(safe);
    return { body: text, mustReject: certainlyInvalid(operation.body, safe) || Buffer.byteLength(text) > jsonBodyLimitBytes };
  };

  const strategies: { arbitrary: fc.Arbitrary<FuzzCase>; weight: number }[] = [];

  strategies.push({
    weight: 3,
    arbitrary: fc.tuple(segmentsArbitrary, validQuery, validBody).map(([segments, query, body]): FuzzCase => {
      const encoded = operation.body ? jsonBody(body) : undefined;
      return {
        ...base(),
        strategy: 'valid',
        note: 'derived from the schemas',
        segments,
        query: queryStringOf(query),
        contentType: encoded ? 'application/json' : undefined,
        body: encoded?.body,
        mustReject: encoded?.mustReject ?? false,
      };
    }),
  });

  if (operation.body) {
    const bodySchema = operation.body;
    strategies.push({
      weight: 7,
      arbitrary: fc
        .tuple(segmentsArbitrary, validQuery, validBody, fc.constantFrom(...mutationKinds), fc.nat(), fc.nat())
        .map(([segments, query, body, kind, pick, variant]): FuzzCase => {
          const mutated = mutate(bodySchema, body, kind, pick, variant);
          const encoded = jsonBody(mutated.value);
          return {
            ...base(),
            strategy: `body:${kind}`,
            note: mutated.note,
            segments,
            query: queryStringOf(query),
            contentType: 'application/json',
            body: encoded.body,
            mustReject: encoded.mustReject,
          };
        }),
    });
    strategies.push({
      weight: 1,
      arbitrary: fc
        .tuple(
          segmentsArbitrary,
          validBody,
          fc.constantFrom<[string, (valid: unknown) => string]>(
            ['null', () => 'null'],
            ['array of the body', (valid) => `[${serialise(valid)}]`],
            ['empty array', () => '[]'],
            ['string', () => '"body"'],
            ['number', () => '1e309'],
          ),
        )
        .map(([segments, body, [label, make]]): FuzzCase => ({
          ...base(),
          strategy: 'body:root',
          note: `root replaced by ${label}`,
          segments,
          query: '',
          contentType: 'application/json',
          body: make(body),
          mustReject: true,
        })),
    });
  }

  if (operation.pathParameters.length > 0) {
    strategies.push({
      weight: 3,
      arbitrary: fc
        .tuple(segmentsArbitrary, validQuery, validBody, fc.constantFrom(...operation.pathParameters), fc.constantFrom(...fuzzSegments))
        .map(([segments, query, body, parameter, segment]): FuzzCase => {
          const encoded = operation.body ? jsonBody(body) : undefined;
          return {
            ...base(),
            strategy: 'path',
            note: `${parameter.name} = ${excerpt(segment, 40)}`,
            segments: { ...segments, [parameter.name]: { kind: 'raw', value: segment } },
            query: queryStringOf(query),
            contentType: encoded ? 'application/json' : undefined,
            body: encoded?.body,
            mustReject: segmentMustBeRejected(segment, parameter.schema) || (encoded?.mustReject ?? false),
          };
        }),
    });
  }

  const hasQuery = operation.queryParameters.length > 0;
  type QueryFuzz = { query: string; note: string; rejects: boolean };
  const queryFuzz: fc.Arbitrary<QueryFuzz> = fc.oneof(
    ...(hasQuery
      ? [
          fc
            .tuple(validQuery, fc.constantFrom(...operation.queryParameters), fc.constantFrom(...queryValues))
            .map(([query, parameter, value]): QueryFuzz => ({
              query: queryStringOf({ ...query, [parameter.name]: value }),
              note: `${parameter.name}=${excerpt(value, 40)}`,
              rejects: queryValueMustBeRejected(parameter.schema, value),
            })),
          fc.tuple(validQuery, fc.constantFrom(...operation.queryParameters)).map(([query, parameter]): QueryFuzz => {
            const value = query[parameter.name] ?? (parameter.schema.type === 'integer' ? 1 : 'a');
            const others = queryStringOf({ ...query, [parameter.name]: undefined });
            return {
              query: [others, `${parameter.name}=${encode(String(value))}&${parameter.name}=${encode(String(value))}`]
                .filter(Boolean)
                .join('&'),
              note: `repeated ${parameter.name}`,
              rejects: true,
            };
          }),
          fc
            .tuple(fc.constantFrom(...operation.queryParameters), fc.constantFrom('[]', '[0]', '[a]', '[__proto__]'))
            .map(([parameter, suffix]): QueryFuzz => ({
              query: `${parameter.name}${suffix}=1`,
              note: `array/object syntax ${parameter.name}${suffix}`,
              rejects: true,
            })),
          fc.constantFrom(...operation.queryParameters).map((parameter): QueryFuzz => ({
            query: `${parameter.name}=%E0%A4%A&${parameter.name}2=1`,
            note: `malformed percent-encoding in ${parameter.name}`,
            rejects: true,
          })),
        ]
      : []),
    fc
      .constantFrom(
        'zzUnknown=1',
        '__proto__=x',
        'constructor=x',
        'hasOwnProperty=1',
        'a=1&'.repeat(1_500),
        '%=%',
        '&&&',
        '=',
        'limit=1&limit=2',
      )
      .map((query): QueryFuzz => ({ query, note: `query ${excerpt(query, 40)}`, rejects: hasQuery && query !== '&&&' })),
  );
  strategies.push({
    weight: hasQuery ? 3 : 1,
    arbitrary: fc.tuple(segmentsArbitrary, validBody, queryFuzz).map(([segments, body, fuzz]): FuzzCase => {
      const encoded = operation.body ? jsonBody(body) : undefined;
      return {
        ...base(),
        strategy: 'query',
        note: fuzz.note,
        segments,
        query: fuzz.query,
        contentType: encoded ? 'application/json' : undefined,
        body: encoded?.body,
        mustReject: fuzz.rejects || (encoded?.mustReject ?? false),
      };
    }),
  });

  strategies.push({
    weight: 2,
    arbitrary: fc.tuple(segmentsArbitrary, validBody, fc.constantFrom(...rawBodies)).map(([segments, body, raw]): FuzzCase => {
      const safe = makeSafe(operation, body);
      return {
        ...base(),
        strategy: 'raw-body',
        note: raw.label,
        segments,
        query: '',
        contentType: raw.contentType,
        extraHeaders: raw.headers ?? {},
        body: raw.body(safe ?? {}),
        mustReject: operation.body ? raw.rejects(operation, safe) : false,
      };
    }),
  });

  strategies.push({
    weight: 1,
    arbitrary: fc
      .tuple(segmentsArbitrary, validQuery, validBody, fc.constantFrom(...authCases))
      .map(([segments, query, body, auth]): FuzzCase => {
        const encoded = operation.body ? jsonBody(body) : undefined;
        return {
          ...base(),
          strategy: 'auth',
          note: auth.label,
          authorization: auth.header,
          segments,
          query: queryStringOf(query),
          contentType: encoded ? 'application/json' : undefined,
          body: encoded?.body,
          mustReject: (auth.rejects && !operation.isPublic) || (encoded?.mustReject ?? false),
        };
      }),
  });

  return fc.oneof(...strategies);
}

/* ------------------------------------------------- the run ------------------------------------------------- */

export interface FuzzRun {
  operations: Operation[];
  sent: number;
  /** Requests sent per operationId. */
  perOperation: Map<string, number>;
  /** Every answer that broke the HTTP contract: a 5xx, an error that is not problem+json, garbage accepted. */
  violations: Violation[];
  /** Requests and statuses per operation, the status histogram and the slowest requests, for the test's output. */
  summary: string;
}

export interface FuzzOptions {
  seed: number;
  /** Fuzzes only the operations this keeps (the positive control fuzzes its planted operation alone). */
  only?: (operation: Operation) => boolean;
}

/**
 * Sends the seeded cases of every operation of the server's /openapi.json, with `concurrency` requests in flight,
 * and answers what broke the contract. The server must run the real backend's session route and connections.
 */
export async function fuzzOperations(server: http.Server, options: FuzzOptions): Promise<FuzzRun> {
  const { seed } = options;
  const startedAt = Date.now();
  const documentResponse = await request(server).get('/openapi.json').expect(200);
  const operations = operationsOf(documentResponse.body as Record<string, unknown>).filter(options.only ?? (() => true));

  const ports = await closedPorts(3);
  const safeBaseUrls = [
    `http://127.0.0.1:${ports[0]}/v1`,
    `https://127.0.0.1:${ports[1]}`,
    `http://127.0.0.1:${ports[2]}/openai/v1`,
    'https://api.fuzz.invalid/v1',
    'http://models.invalid',
  ];
  const isSafeUrl = (value: string): boolean => {
    const url = new URL(value);
    return (url.hostname === '127.0.0.1' && ports.map(String).includes(url.port)) || url.hostname.endsWith('.invalid');
  };
  /** Connections must never point at a real provider: only refused ports on 127.0.0.1 and hosts under .invalid. */
  const makeSafe = (operation: Operation, body: unknown): unknown => {
    if (operation.operationId !== 'createConnection' && operation.operationId !== 'updateConnection') return body;
    if (body === null || typeof body !== 'object' || Array.isArray(body)) return body;
    const object = body as Record<string, unknown>;
    const current = object.baseUrl;
    const replacement = safeBaseUrls[String(object.name ?? '').length % safeBaseUrls.length];
    if (operation.operationId === 'createConnection' && current === undefined) object.baseUrl = replacement;
    if (operation.operationId === 'updateConnection' && current === null) object.baseUrl = replacement;
    if (typeof current === 'string') {
      let parsed = true;
      try {
        new URL(current);
      } catch {
        parsed = false;
      }
      if (parsed && !isSafeUrl(current)) object.baseUrl = replacement;
    }
    return body;
  };
  const context: GenerationContext = { safeBaseUrls };

  // A second person in the organisation, so member operations have someone to act on.
  await request(server).get('/v1/session').set('authorization', ownerBearer).expect(200);
  await request(server)
    .get('/v1/session')
    .set('authorization', `Bearer ${developmentToken(memberClaims)}`)
    .expect(200);

  const cases: FuzzCase[] = [];
  operations.forEach((operation, index) => {
    cases.push(...fc.sample(caseArbitrary(operation, context, makeSafe), { seed: seed + index * 7_919, numRuns: runsFor(operation) }));
  });
  const ordered = shuffled(cases, seed);

  /** Ids seen in successful responses, so generated requests also reach existing resources. */
  const pools = new Map<string, string[]>([['userId', [memberClaims.sub]]]);
  const remember = (name: string, value: unknown) => {
    if (typeof value !== 'string' || value.length === 0 || value === ownerClaims.sub) return;
    const pool = pools.get(name) ?? [];
    if (!pool.includes(value) && pool.length < 64) pool.push(value);
    pools.set(name, pool);
  };
  const parameterNames = new Set(operations.flatMap((operation) => operation.pathParameters.map((parameter) => parameter.name)));
  const harvest = (fuzzCase: FuzzCase, resolved: Record<string, string>, text: string) => {
    for (const [name, value] of Object.entries(resolved)) remember(name, value);
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return;
    }
    const visit = (node: unknown, depth: number) => {
      if (depth > 6 || node === null || typeof node !== 'object') return;
      if (Array.isArray(node)) {
        node.slice(0, 20).forEach((item) => visit(item, depth + 1));
        return;
      }
      for (const [key, value] of Object.entries(node as Record<string, unknown>)) {
        if (parameterNames.has(key)) remember(key, value);
        if (key === 'id' && fuzzCase.path.startsWith('/v1/connections')) remember('connectionId', value);
        if (key === 'name' && fuzzCase.path.startsWith('/v1/fills')) remember('tag', value);
        visit(value, depth + 1);
      }
    };
    visit(parsed, 0);
    if (fuzzCase.operationId === 'saveTemplate' || fuzzCase.operationId === 'linkTemplateCopy') {
      try {
        const body = JSON.parse(fuzzCase.body ?? 'null') as Record<string, unknown>;
        remember('documentId', body.copyDocumentId);
      } catch {
        // not JSON
      }
    }
  };

  const perOperation = new Map<string, number>();
  const histogram = new Map<number, number>();
  const perOperationStatus = new Map<string, Map<number, number>>();
  const violations: Violation[] = [];
  let sent = 0;
  const slowest: { label: string; elapsed: number }[] = [];

  const textParser = (incoming: request.Response, callback: (error: Error | null, body: string) => void) => {
    const response = incoming as unknown as http.IncomingMessage;
    let data = '';
    response.setEncoding('utf8');
    response.on('data', (chunk: string) => {
      data += chunk;
    });
    response.on('end', () => callback(null, data));
  };

  const run = async (fuzzCase: FuzzCase) => {
    const resolved: Record<string, string> = {};
    const url =
      fuzzCase.path.replace(/\{([A-Za-z0-9_]+)\}/g, (_match, name: string) => {
        const segment = fuzzCase.segments[name];
        if (!segment) return '';
        if (segment.kind === 'raw') return segment.value;
        const pool = pools.get(name);
        const value = pool && pool.length > 0 ? (pool[segment.index % pool.length] as string) : segment.fallback;
        resolved[name] = value;
        return encode(value);
      }) + (fuzzCase.query ? `?${fuzzCase.query}` : '');
    for (const [name, segment] of Object.entries(fuzzCase.segments))
      if (segment.kind === 'raw')
        resolved[name] = (() => {
          try {
            return decodeURIComponent(segment.value);
          } catch {
            return segment.value;
          }
        })();

    let pending = request(server)
      [fuzzCase.method](url)
      .ok(() => true)
      .buffer(true)
      .parse(textParser)
      .timeout({ response: 30_000, deadline: 45_000 });
    if (fuzzCase.authorization !== undefined) pending = pending.set('authorization', fuzzCase.authorization);
    if (fuzzCase.contentType !== undefined) pending = pending.set('content-type', fuzzCase.contentType);
    for (const [name, value] of Object.entries(fuzzCase.extraHeaders)) pending = pending.set(name, value);
    if (fuzzCase.body !== undefined) pending = pending.send(fuzzCase.body);

    let status: number;
    let contentType: string;
    let text: string;
    const requestStartedAt = Date.now();
    try {
      const response = await pending;
      status = response.status;
      contentType = String(response.headers['content-type'] ?? '');
      text = typeof response.body === 'string' ? response.body : String(response.text ?? '');
    } catch (error) {
      status = 0;
      contentType = '';
      text = `no response: ${(error as Error).message}`;
    }
    sent += 1;
    const elapsed = Date.now() - requestStartedAt;
    slowest.push({
      label: `${fuzzCase.operationId} ${fuzzCase.method.toUpperCase()} ${excerpt(url, 80)} [${fuzzCase.strategy}: ${excerpt(fuzzCase.note, 60)}] → ${status}`,
      elapsed,
    });
    slowest.sort((a, b) => b.elapsed - a.elapsed).splice(5);
    if (process.env.FUZZ_DEBUG && elapsed > 300)
      process.stderr.write(
        `slow ${elapsed} ms: ${fuzzCase.operationId} ${url.slice(0, 100)} ${fuzzCase.strategy} ${fuzzCase.note.slice(0, 80)} → ${status} ${text.slice(0, 200)}\n`,
      );
    perOperation.set(fuzzCase.operationId, (perOperation.get(fuzzCase.operationId) ?? 0) + 1);
    histogram.set(status, (histogram.get(status) ?? 0) + 1);
    const statuses = perOperationStatus.get(fuzzCase.operationId) ?? new Map<number, number>();
    statuses.set(status, (statuses.get(status) ?? 0) + 1);
    perOperationStatus.set(fuzzCase.operationId, statuses);

    const reasons: string[] = [];
    if (status === 0) reasons.push(text);
    if (status >= 500) reasons.push(`server error ${status}`);
    if (status >= 400) {
      if (!contentType.startsWith('application/problem+json'))
        reasons.push(`content-type is ${JSON.stringify(contentType)}, not application/problem+json`);
      let problem: Record<string, unknown> | undefined;
      try {
        problem = JSON.parse(text) as Record<string, unknown>;
      } catch {
        reasons.push('the error body is not JSON');
      }
      if (problem) {
        if (typeof problem.status !== 'number' || problem.status !== status)
          reasons.push(`problem.status is ${JSON.stringify(problem.status)}, HTTP status is ${status}`);
        if (typeof problem.detail !== 'string' || problem.detail.length === 0) reasons.push('problem.detail is missing or empty');
      }
    }
    if (status >= 200 && status < 300 && fuzzCase.mustReject)
      reasons.push(`accepted input that breaks the documented contract (${status}, expected a 4xx)`);
    if (status >= 200 && status < 300) harvest(fuzzCase, resolved, text);
    if (reasons.length > 0) {
      violations.push({
        operationId: fuzzCase.operationId,
        method: fuzzCase.method.toUpperCase(),
        url: excerpt(url, 160),
        strategy: fuzzCase.strategy,
        note: fuzzCase.note,
        requestBody: excerpt(fuzzCase.body, 200),
        status,
        contentType,
        responseBody: excerpt(text, 300),
        reasons,
      });
    }
  };

  // A few workers take the cases in order: some failures (e.g. Firestore errors) take seconds, and the backend
  // must cope with concurrent callers anyway. Generation is fully seeded; only which known id a case picks
  // can depend on timing.
  let next = 0;
  const worker = async () => {
    while (next < ordered.length) {
      const fuzzCase = ordered[next] as FuzzCase;
      next += 1;
      await run(fuzzCase);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, () => worker()));

  const seconds = ((Date.now() - startedAt) / 1000).toFixed(1);
  const operationLines = operations.map((operation) => {
    const statuses = [...(perOperationStatus.get(operation.operationId) ?? new Map<number, number>()).entries()]
      .sort(([a], [b]) => a - b)
      .map(([status, count]) => `${status}×${count}`);
    return `  ${operation.method.toUpperCase().padEnd(6)} ${operation.path.padEnd(42)} ${operation.operationId.padEnd(22)} ${String(perOperation.get(operation.operationId) ?? 0).padStart(4)}  ${statuses.join(' ')}`;
  });
  const histogramLine = [...histogram.entries()]
    .sort(([a], [b]) => a - b)
    .map(([status, count]) => `${status}: ${count}`)
    .join(', ');
  const summary = [
    `OpenAPI fuzz (seed ${seed}): ${sent} requests over ${operations.length} operations in ${seconds} s, ${violations.length} violations`,
    'Requests per operation (and their statuses):',
    ...operationLines,
    `Status histogram: ${histogramLine}`,
    `Slowest requests: ${slowest.map((entry) => `${entry.elapsed} ms ${entry.label}`).join(' | ')}`,
  ].join('\n');
  return { operations, sent, perOperation, violations, summary };
}

/** The violations grouped by operation and first reason, then the first twenty in full: what a failing run prints. */
export function violationReport(run: FuzzRun, seed: number): string {
  const { violations, sent } = run;
  const shown = violations
    .slice(0, 20)
    .map((violation, index) =>
      [
        `#${index + 1} ${violation.operationId}: ${violation.method} ${violation.url}`,
        `   strategy ${violation.strategy} (${violation.note})`,
        `   request body: ${violation.requestBody}`,
        `   → ${violation.status} ${violation.contentType}: ${violation.responseBody}`,
        `   ${violation.reasons.join('; ')}`,
      ].join('\n'),
    );
  const byOperation = new Map<string, number>();
  for (const violation of violations) {
    const key = `${violation.operationId} (${violation.reasons[0]?.replace(/\(.*$/, '').trim()})`;
    byOperation.set(key, (byOperation.get(key) ?? 0) + 1);
  }
  return [
    `${violations.length} of ${sent} fuzzed requests broke the HTTP contract (seed ${seed}; replay with FUZZ_SEED=${seed}).`,
    'By operation and first reason:',
    ...[...byOperation.entries()].map(([key, count]) => `  ${key}: ${count}`),
    `First ${shown.length}:`,
    ...shown,
  ].join('\n');
}
