import { Writable } from 'node:stream';
import type { Express } from 'express';
import { composeApp, type ComposedApp, type CompositionOverrides } from '../../backend/src/compose-app';
import { createDevelopmentToken } from '../../backend/src/auth/development-token';
import { createGoogleIdentityVerifier } from '../../backend/src/auth/google-identity-verifier';
import type { KeyVault } from '../../backend/src/keys/key-vault';
import { loadConfig, type Config } from '../../backend/src/platform/config';
import { connectFirestore, type FirestoreConnection } from '../../backend/src/platform/firestore/connect-firestore';
import { createLogger } from '../../backend/src/platform/logger';
import type { createTestTokenIssuer } from './google-id-tokens';

export interface TestBackend {
  app: Express;
  config: Config;
  firestore: FirestoreConnection;
  vault: KeyVault;
  /** Runs; `runs.queue` is how other modules enqueue records. */
  runs: ComposedApp['runs'];
  /** Every log line the backend wrote, when started with `captureLogs`. */
  logLines: string[];
  /** Waits for usage records written behind responses. */
  drain(): Promise<void>;
  close(): Promise<void>;
}

export interface TestBackendOptions extends CompositionOverrides {
  /** Keep the backend's log lines (at LOG_LEVEL, default silent) in `logLines`. */
  captureLogs?: boolean;
}

/** The real app on a fresh embedded Firestore emulator, in development auth mode unless told otherwise. */
export async function startTestBackend(environment: Record<string, string> = {}, options: TestBackendOptions = {}): Promise<TestBackend> {
  const config = loadConfig({ AUTH_MODE: 'development', LOG_LEVEL: 'silent', ...environment });
  const firestore = await connectFirestore({});
  const logLines: string[] = [];
  const destination = options.captureLogs
    ? new Writable({
        write(chunk: Buffer, _encoding, done) {
          logLines.push(
            ...chunk
              .toString('utf8')
              .split('\n')
              .filter((line) => line.length > 0),
          );
          done();
        },
      })
    : undefined;
  const { app, vault, runs, drain, close } = composeApp(
    config,
    firestore.firestore,
    createLogger({ level: config.LOG_LEVEL, destination }),
    options,
  );
  return {
    app,
    config,
    firestore,
    vault,
    runs,
    logLines,
    drain,
    async close() {
      await close();
      await firestore.close();
    },
  };
}

/** A backend that verifies Google-style ID tokens signed by the test's own issuer (no network). */
export function startGoogleAuthTestBackend(
  issuer: ReturnType<typeof createTestTokenIssuer>,
  environment: Record<string, string> = {},
  options: TestBackendOptions = {},
): Promise<TestBackend> {
  return startTestBackend(
    { AUTH_MODE: 'google', GOOGLE_OAUTH_AUDIENCES: issuer.audience, ...environment },
    {
      ...options,
      identityVerifier: createGoogleIdentityVerifier({ audiences: [issuer.audience], fetchCertificates: async () => issuer.certificates }),
    },
  );
}

export function developmentBearer(claims: { sub?: string; email?: string; hd?: string } = {}): string {
  return `Bearer ${createDevelopmentToken({ sub: claims.sub ?? '1001', email: claims.email ?? 'ana@example.com', hd: 'hd' in claims ? claims.hd : 'example.com' })}`;
}
