import express, { type Express } from 'express';
import helmet from 'helmet';
import { authenticate } from './auth/authenticate';
import type { IdentityVerifier } from './auth/identity';
import type { AskAi } from './ai/ask-ai-types';
import type { ConnectionResolver } from './ai/connections/connection-resolver';
import type { ExecutionsRepository } from './fills/executions-repository';
import { createFillRoutes } from './fills/fill-routes';
import { createHealthRoutes, type ReadinessCheck } from './health/health-routes';
import { createErrorHandler, unknownRouteHandler } from './platform/http/problem-handlers';
import type { Logger } from './platform/logger';
import { createRequestLogging } from './platform/http/request-logging';
import { createSessionRoutes } from './session/session-routes';

export interface AppDependencies {
  logger: Logger;
  identityVerifier: IdentityVerifier;
  askAi: AskAi;
  connections: ConnectionResolver;
  executions: ExecutionsRepository;
  readinessChecks: ReadinessCheck[];
  fillConcurrency: number;
  fillDeadlineMs: number;
  jsonBodyLimit: string;
  trustProxy?: boolean;
}

/** Builds the whole HTTP service without listening, so tests run it on a random port. */
export function createApp(dependencies: AppDependencies): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', dependencies.trustProxy ?? false);
  app.use(helmet());
  app.use(createRequestLogging(dependencies.logger));
  app.use(createHealthRoutes(dependencies.readinessChecks));
  app.use(express.json({ limit: dependencies.jsonBodyLimit, strict: true }));
  app.use('/v1', authenticate(dependencies.identityVerifier));
  app.use(createSessionRoutes(dependencies.connections));
  app.use(
    createFillRoutes({
      askAi: dependencies.askAi,
      executions: dependencies.executions,
      concurrency: dependencies.fillConcurrency,
      deadlineMs: dependencies.fillDeadlineMs,
      logger: dependencies.logger,
    }),
  );
  app.use(unknownRouteHandler);
  app.use(createErrorHandler(dependencies.logger));
  return app;
}
