import { Router, type Request, type RequestHandler, type Response } from 'express';
import { hasRole, type Caller } from './caller';
import type { Logger } from '../logger';
import { forbidden } from '../problem';
import { parseInput } from '../validation';
import type { Route, RouteReply } from './define-route';
import { createPublicRouteLimits } from './rate-limits';

export interface MountOptions {
  /** Turns the Authorization header into a caller, or throws a 401/403 problem. */
  authenticate(authorizationHeader: string | undefined): Promise<Caller>;
  /** Run after authentication on every non-public route (rate limits keyed by the caller). */
  afterAuthentication?: RequestHandler[];
  /** Told the client address of each request whose token was missing or refused; throws to answer instead (429). */
  onAuthenticationFailure?: (address: string) => void;
  /**
   * Reads the body (the JSON parser): after authentication and the rate limits, so a request that is refused
   * anyway costs no parsing, and a stranger cannot make the server parse megabytes.
   */
  parseBody?: RequestHandler;
  logger: Logger;
}

/** `/v1/templates/{documentId}` → `/v1/templates/:documentId`. */
export function expressPath(openApiPath: string): string {
  return openApiPath.replace(/\{([A-Za-z][A-Za-z0-9_]*)\}/g, ':$1');
}

export function callerOf(response: Response): Caller {
  const caller = response.locals.caller as Caller | undefined;
  if (!caller) throw new Error('callerOf used on a route that was not authenticated');
  return caller;
}

/** The body's bytes, which the JSON parser keeps (app.ts) so a signature can be checked over them. */
export const rawBodyKey = Symbol('rawBody');

function rawBodyOf(request: Request): Buffer {
  const raw = (request as Request & { [rawBodyKey]?: Buffer })[rawBodyKey];
  return raw ?? Buffer.alloc(0);
}

function send(response: Response, reply: RouteReply): void {
  for (const [name, value] of Object.entries(reply.headers ?? {})) response.setHeader(name, value);
  response.status(reply.status ?? 200);
  if (reply.body === undefined) {
    response.end();
  } else if (reply.contentType) {
    response.type(reply.contentType).send(reply.body);
  } else {
    response.json(reply.body);
  }
}

/**
 * Mounts declared routes: authentication first (so a stranger learns nothing, not even what input is valid),
 * then the rate limits, then the body is read, then the role check, validation of path, query and body, and the
 * handler. Handlers never see
 * Express: they get typed input and return a reply.
 */
export function mountRoutes(routes: readonly Route[], options: MountOptions): Router {
  const router = Router();
  const authenticate: RequestHandler = async (request, response, next) => {
    try {
      response.locals.caller = await options.authenticate(request.get('authorization'));
    } catch (error) {
      options.onAuthenticationFailure?.(request.ip ?? request.socket.remoteAddress ?? 'unknown');
      throw error;
    }
    next();
  };
  for (const route of routes) {
    const handler: RequestHandler = async (request, response) => {
      const caller = route.access === 'public' ? undefined : callerOf(response);
      if (caller && route.access !== 'public' && !hasRole(caller, route.access)) {
        throw forbidden(`Only an organisation ${route.access} can do this; your role is ${caller.role}.`);
      }
      const params = route.params ? parseInput(route.params, request.params, 'path') : {};
      const query = route.query ? parseInput(route.query, { ...request.query }, 'query string') : {};
      const body = route.body ? parseInput(route.body, request.body, 'request body') : undefined;
      const reply = await route.handle({
        caller: caller as Caller,
        params,
        query,
        body,
        requestId: String(response.locals.requestId ?? ''),
        logger: (response.locals.logger as Logger | undefined) ?? options.logger,
        authorization: request.get('authorization'),
        request: {
          method: request.method,
          originalUrl: request.originalUrl,
          protocol: request.protocol,
          host: request.get('host'),
          header: (name) => request.get(name),
          rawBody: rawBodyOf(request),
        },
      });
      send(response, reply);
    };
    const parse = options.parseBody ? [options.parseBody] : [];
    // A public route's own limits come before its body is read, like the signed-in routes' rate limits.
    const publicLimits =
      route.access === 'public' && route.publicLimits ? createPublicRouteLimits(route.operationId, route.publicLimits) : [];
    const chain =
      route.access === 'public'
        ? [...publicLimits, ...parse, handler]
        : [authenticate, ...(options.afterAuthentication ?? []), ...parse, handler];
    router[route.method](expressPath(route.path), ...chain);
  }
  return router;
}
