import type { Express } from 'express';
import type { Firestore } from './platform/firestore/connect-firestore';
import { createApp } from './app';
import { createDevelopmentTokenVerifier } from './auth/development-token';
import { createGoogleIdentityVerifier } from './auth/google-identity-verifier';
import type { IdentityVerifier } from './auth/identity';
import { composeAskAi } from './ai/compose-ask-ai';
import { createExecutionsRepository } from './fills/executions-repository';
import { createFirestoreReadinessCheck } from './health/firestore-readiness-repository';
import type { Config } from './platform/config';
import type { Logger } from './platform/logger';

export interface CompositionOverrides {
  identityVerifier?: IdentityVerifier;
}

/** Wires the real dependencies from configuration; the one place that knows every concrete implementation. */
export interface ComposedApp {
  app: Express;
  /** Finishes background work (usage records, budget leases) before the process stops. */
  drain(): Promise<void>;
}

export function composeApp(config: Config, firestore: Firestore, logger: Logger, overrides: CompositionOverrides = {}): ComposedApp {
  const identityVerifier =
    overrides.identityVerifier ??
    (config.AUTH_MODE === 'development'
      ? createDevelopmentTokenVerifier()
      : createGoogleIdentityVerifier({ audiences: config.GOOGLE_OAUTH_AUDIENCES }));
  const ai = composeAskAi(config, firestore, logger);
  const app = createApp({
    logger,
    identityVerifier,
    askAi: ai.askAi,
    connections: ai.connections,
    executions: createExecutionsRepository(firestore),
    readinessChecks: [createFirestoreReadinessCheck(firestore)],
    fillConcurrency: config.FILL_CONCURRENCY,
    fillDeadlineMs: config.AI_DEADLINE_MS,
    jsonBodyLimit: config.JSON_BODY_LIMIT,
    trustProxy: config.TRUST_PROXY,
  });
  return { app, drain: ai.drain };
}
