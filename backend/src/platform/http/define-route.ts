import type { z } from 'zod';
import type { Access, Caller } from './caller';
import type { Logger } from '../logger';

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

export interface RouteInput<Params, Query, Body> {
  /** Present on every route whose access is not `public`. */
  caller: Caller;
  params: Params;
  query: Query;
  body: Body;
  requestId: string;
  logger: Logger;
  /** The raw Authorization header, for the few public routes that check a token of their own. */
  authorization: string | undefined;
  /** The request as sent, for public routes that verify a signature over it (HubSpot's webhooks). */
  request: SignedRequestParts;
}

/** What a request signature covers: method, the path and query as sent, headers, and the body's exact bytes. */
export interface SignedRequestParts {
  method: string;
  /** Path and query string exactly as they arrived (Express's originalUrl). */
  originalUrl: string;
  /** `https` or `http`, as Express sees it (behind a trusted proxy, from X-Forwarded-Proto). */
  protocol: string;
  host: string | undefined;
  header(name: string): string | undefined;
  /** The body's bytes before JSON parsing; empty when there was none. */
  rawBody: Buffer;
}

/**
 * Limits of a public route, which has no verified caller to key them by: requests per client address, and
 * per value of one path parameter whoever sends them (an organisation's webhook, from any address), per minute.
 */
export interface PublicRouteLimits {
  perAddressPerMinute: number;
  perPathParameter?: { name: string; perMinute: number };
}

/** What a handler answers: a JSON body by default, or text with its own content type (CSV, Prometheus). */
export interface RouteReply<Body = unknown> {
  status?: number;
  body?: Body;
  contentType?: string;
  headers?: Record<string, string>;
}

export interface RouteResponse<Schema extends z.ZodType | undefined = z.ZodType | undefined> {
  status: number;
  description: string;
  /** The JSON body, from contracts/: handlers must answer its type, and /openapi.json documents it. */
  schema?: Schema;
  /** Defaults to application/json. */
  contentType?: string;
}

/**
 * One HTTP operation, declared once: the same object mounts the Express route, validates its input, checks
 * the caller's role and writes the operation into /openapi.json, so the document cannot drift from the routes.
 */
export interface RouteDefinition<
  ParamsSchema extends z.ZodType = z.ZodType,
  QuerySchema extends z.ZodType = z.ZodType,
  BodySchema extends z.ZodType = z.ZodType,
  ResponseSchema extends z.ZodType | undefined = undefined,
> {
  method: HttpMethod;
  /** OpenAPI style: `/v1/templates/{documentId}`. */
  path: string;
  operationId: string;
  summary: string;
  tag: string;
  access: Access;
  params?: ParamsSchema;
  query?: QuerySchema;
  body?: BodySchema;
  response: RouteResponse<ResponseSchema>;
  /** Public routes: limits counted before the handler does any work (see rate-limits.ts, createPublicRouteLimits). */
  publicLimits?: PublicRouteLimits;
  handle(
    input: RouteInput<z.infer<ParamsSchema>, z.infer<QuerySchema>, z.infer<BodySchema>>,
  ): Promise<RouteReply<ResponseSchema extends z.ZodType ? z.infer<ResponseSchema> : unknown>>;
}

/** A route with its schema types erased, as routers and the OpenAPI builder see it. */
export interface Route {
  method: HttpMethod;
  path: string;
  operationId: string;
  summary: string;
  tag: string;
  access: Access;
  params?: z.ZodType;
  query?: z.ZodType;
  body?: z.ZodType;
  response: RouteResponse;
  publicLimits?: PublicRouteLimits;
  handle(input: RouteInput<unknown, unknown, unknown>): Promise<RouteReply>;
}

export function defineRoute<
  ParamsSchema extends z.ZodType,
  QuerySchema extends z.ZodType,
  BodySchema extends z.ZodType,
  ResponseSchema extends z.ZodType | undefined = undefined,
>(definition: RouteDefinition<ParamsSchema, QuerySchema, BodySchema, ResponseSchema>): Route {
  return definition as unknown as Route;
}

export function json<Body>(body: Body, status = 200): RouteReply<Body> {
  return { status, body };
}

export const noContent: RouteReply = { status: 204 };
