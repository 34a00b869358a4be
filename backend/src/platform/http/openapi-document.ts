import { z } from 'zod';
import type { Route } from './define-route';

type JsonSchema = Record<string, unknown>;

/** A zod schema as /openapi.json writes it (OpenAPI 3.0 flavour of JSON Schema). */
export function toSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const converted = z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'openapi-3.0' }) as JsonSchema;
  delete converted.$schema;
  return converted;
}

/** Path and query objects become one OpenAPI parameter per property. */
function parametersOf(schema: z.ZodType | undefined, location: 'path' | 'query'): JsonSchema[] {
  if (!schema) return [];
  const converted = toSchema(schema, 'input');
  const properties = (converted.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((converted.required ?? []) as string[]);
  return Object.entries(properties).map(([name, property]) => ({
    name,
    in: location,
    required: location === 'path' || required.has(name),
    ...(typeof property.description === 'string' ? { description: property.description } : {}),
    schema: property,
  }));
}

const problem: JsonSchema = {
  type: 'object',
  description: 'RFC 9457 problem details',
  properties: {
    type: { type: 'string' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    instance: { type: 'string' },
  },
  required: ['type', 'title', 'status', 'detail'],
};

function problemResponse(description: string): JsonSchema {
  return { description, content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } };
}

function operationOf(route: Route): JsonSchema {
  const responses: Record<string, JsonSchema> = {
    [String(route.response.status)]: {
      description: route.response.description,
      ...(route.response.schema
        ? { content: { [route.response.contentType ?? 'application/json']: { schema: toSchema(route.response.schema, 'output') } } }
        : route.response.contentType
          ? { content: { [route.response.contentType]: { schema: { type: 'string' } } } }
          : {}),
    },
    '400': problemResponse('The input is not valid; `detail` and `issues` say what to fix.'),
  };
  if (route.access !== 'public') {
    responses['401'] = problemResponse('No valid Google ID token.');
    responses['403'] = problemResponse("The caller's role does not allow this.");
    responses['429'] = problemResponse('Too many requests from this user or organisation.');
  }
  if (route.params) responses['404'] = problemResponse("Nothing with this id in the caller's organisation.");
  if (route.body) responses['413'] = problemResponse('The request body is too large.');
  return {
    operationId: route.operationId,
    summary: route.summary,
    tags: [route.tag],
    ...(route.access === 'public' ? { security: [] } : { 'x-required-role': route.access }),
    parameters: [...parametersOf(route.params, 'path'), ...parametersOf(route.query, 'query')],
    ...(route.body
      ? {
          requestBody: {
            required: !route.body.safeParse(undefined).success,
            content: { 'application/json': { schema: toSchema(route.body, 'input') } },
          },
        }
      : {}),
    responses,
  };
}

/** The OpenAPI 3 document of the service, generated from the same declarations that mount the routes. */
export function buildOpenApiDocument(routes: readonly Route[], info: { title: string; version: string }): JsonSchema {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const route of routes) {
    paths[route.path] ??= {};
    (paths[route.path] as Record<string, JsonSchema>)[route.method] = operationOf(route);
  }
  return {
    openapi: '3.0.3',
    info: {
      ...info,
      description:
        "Backend of the AI template fill add-on. Every /v1 route needs the user's Google ID token; the organisation comes from the token only.",
    },
    security: [{ googleIdToken: [] }],
    paths,
    components: {
      securitySchemes: {
        googleIdToken: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'ScriptApp.getIdentityToken()' },
      },
      schemas: { Problem: problem },
    },
  };
}
