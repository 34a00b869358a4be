import type { ErrorRequestHandler, RequestHandler, Response } from 'express';
import { HttpProblem, notFound, problemTypeBase } from '../problem';
import type { Logger } from '../logger';
import { FirestoreUnavailableError, isFirestoreUnavailable } from '../firestore/firestore-availability';

export function sendProblem(response: Response, problem: HttpProblem, instance: string): void {
  for (const [name, value] of Object.entries(problem.headers)) response.setHeader(name, value);
  response
    .status(problem.status)
    .type('application/problem+json')
    .json({
      type: problem.type,
      title: problem.title,
      status: problem.status,
      detail: problem.detail,
      instance,
      ...problem.extensions,
    });
}

export const unknownRouteHandler: RequestHandler = (request, _response, next) => {
  next(notFound(`There is no ${request.method} ${request.path} on this service.`));
};

/**
 * Errors thrown by body-parser (with a `type`) and by the router (a path segment that does not decode) carry
 * a 4xx `status`: they are the client's fault, so they stay 4xx.
 */
function fromClientError(error: unknown): HttpProblem | undefined {
  if (typeof error !== 'object' || error === null || !('status' in error)) return undefined;
  const { type, status } = error as { type?: unknown; status: unknown };
  if (typeof status !== 'number' || status < 400 || status >= 500) return undefined;
  if (type === undefined) {
    return new HttpProblem({
      status,
      type: `${problemTypeBase}invalid-request`,
      title: 'Invalid request',
      detail: "The request could not be read: check the URL's percent-encoding and the headers.",
    });
  }
  const details: Record<string, string> = {
    'entity.too.large':
      'The request body is larger than this service accepts (JSON_BODY_LIMIT): send less document text or fewer tags at once.',
    'entity.parse.failed': 'The request body is not valid JSON.',
    'encoding.unsupported': 'The request body must not be compressed; send plain UTF-8 JSON.',
    'charset.unsupported': 'The request body charset is not supported; send UTF-8.',
  };
  return new HttpProblem({
    status,
    type: `${problemTypeBase}invalid-body`,
    title: 'Invalid request body',
    detail: details[String(type)] ?? 'The request body could not be read.',
  });
}

/** Firestore down or silent: the client may try again shortly, and is told when. */
function fromUnavailableDatabase(error: unknown): HttpProblem | undefined {
  if (!isFirestoreUnavailable(error)) return undefined;
  const retryAfterSeconds = error instanceof FirestoreUnavailableError ? error.retryAfterSeconds : 5;
  return new HttpProblem({
    status: 503,
    type: `${problemTypeBase}unavailable`,
    title: 'Service unavailable',
    detail: `Our database is not answering right now. Try again in ${retryAfterSeconds} seconds.`,
    headers: { 'Retry-After': String(retryAfterSeconds) },
  });
}

export function createErrorHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, request, response, _next) => {
    const instance = request.originalUrl.split('?')[0] ?? request.path;
    const problem = error instanceof HttpProblem ? error : (fromClientError(error) ?? fromUnavailableDatabase(error));
    if (problem) {
      // An outage is logged once where it is detected; each request it turns away is only a warning.
      if (problem.status >= 500 && isFirestoreUnavailable(error)) logger.warn({ path: instance }, problem.detail);
      else if (problem.status >= 500) logger.error({ err: error, path: instance }, problem.detail);
      sendProblem(response, problem, instance);
      return;
    }
    logger.error({ err: error, path: instance }, 'unhandled error');
    sendProblem(
      response,
      new HttpProblem({
        status: 500,
        type: `${problemTypeBase}internal`,
        title: 'Internal error',
        detail: 'Something went wrong on our side. The error has been logged; try again.',
      }),
      instance,
    );
  };
}
