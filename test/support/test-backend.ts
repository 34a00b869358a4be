import type { Express } from 'express';
import { composeApp } from '../../backend/src/compose-app';
import { createDevelopmentToken } from '../../backend/src/auth/development-token';
import { loadConfig, type Config } from '../../backend/src/platform/config';
import { connectFirestore, type FirestoreConnection } from '../../backend/src/platform/firestore/connect-firestore';
import { createLogger } from '../../backend/src/platform/logger';

export interface TestBackend {
  app: Express;
  config: Config;
  firestore: FirestoreConnection;
  /** Waits for usage records written behind responses. */
  drain(): Promise<void>;
  close(): Promise<void>;
}

/** The real app on a fresh embedded Firestore emulator, in development auth mode, logging nothing. */
export async function startTestBackend(environment: Record<string, string> = {}): Promise<TestBackend> {
  const config = loadConfig({ AUTH_MODE: 'development', LOG_LEVEL: 'silent', ...environment });
  const firestore = await connectFirestore({});
  const { app, drain } = composeApp(config, firestore.firestore, createLogger({ level: config.LOG_LEVEL }));
  return {
    app,
    config,
    firestore,
    drain,
    async close() {
      await drain();
      await firestore.close();
    },
  };
}

export function developmentBearer(claims: { sub?: string; email?: string; hd?: string } = {}): string {
  return `Bearer ${createDevelopmentToken({ sub: claims.sub ?? '1001', email: claims.email ?? 'ana@example.com', hd: 'hd' in claims ? claims.hd : 'example.com' })}`;
}
