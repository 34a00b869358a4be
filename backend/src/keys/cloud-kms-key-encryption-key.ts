import { GoogleAuth } from 'google-auth-library';
import { z } from 'zod';
import { KeyUnwrapError, type KeyEncryptionKey } from './key-encryption-key';

export interface CloudKmsKeyEncryptionKeyOptions {
  /** projects/P/locations/L/keyRings/R/cryptoKeys/K: the key, not a version, so KMS encrypts with the primary version. */
  keyName: string;
  /** Defaults to https://cloudkms.googleapis.com; tests point it at a local server. */
  endpoint?: string;
  /** Defaults to Application Default Credentials with the cloudkms scope, as "Bearer <token>". */
  authorizationHeader?: () => Promise<string>;
  fetchImplementation?: typeof fetch;
}

const defaultEndpoint = 'https://cloudkms.googleapis.com';
const cloudKmsScope = 'https://www.googleapis.com/auth/cloudkms';
// A hung KMS call would otherwise hold the request that needs the key for as long as the socket lives.
const requestTimeoutMilliseconds = 10_000;
const keyNamePattern =
  /^projects\/[a-z][a-z0-9.:-]{0,99}\/locations\/[a-z0-9-]{1,63}\/keyRings\/[A-Za-z0-9_-]{1,63}\/cryptoKeys\/[A-Za-z0-9_-]{1,63}$/;

const encryptResponse = z.object({ ciphertext: z.base64().min(1) });
// Proto3 JSON omits empty fields, so an empty plaintext arrives as no field at all.
const decryptResponse = z.object({ plaintext: z.base64().default('') });
const googleErrorBody = z.object({ error: z.object({ message: z.string(), status: z.string().optional() }) });

export function createCloudKmsKeyEncryptionKey(options: CloudKmsKeyEncryptionKeyOptions): KeyEncryptionKey {
  const { keyName } = options;
  if (!keyNamePattern.test(keyName)) {
    throw new Error(
      `Cloud KMS key name "${keyName}" is not of the form projects/PROJECT/locations/LOCATION/keyRings/RING/cryptoKeys/KEY (without a cryptoKeyVersions suffix).`,
    );
  }
  const endpoint = parseEndpoint(options.endpoint ?? defaultEndpoint);
  const authorizationHeader = options.authorizationHeader ?? createApplicationDefaultAuthorization();
  const fetchImplementation = options.fetchImplementation ?? fetch;

  async function call(method: 'encrypt' | 'decrypt', body: Record<string, string>): Promise<Response> {
    return fetchImplementation(`${endpoint}/v1/${keyName}:${method}`, {
      method: 'POST',
      headers: { authorization: await authorizationHeader(), 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(requestTimeoutMilliseconds),
    });
  }

  return {
    id: keyName,
    async wrap(dataKey: Buffer, associatedData: Buffer): Promise<string> {
      const response = await call('encrypt', {
        plaintext: dataKey.toString('base64'),
        additionalAuthenticatedData: associatedData.toString('base64'),
      });
      if (!response.ok) throw new Error(await describeFailure('encrypt', keyName, response));
      const parsed = encryptResponse.safeParse(await response.json());
      if (!parsed.success) throw new Error(`Cloud KMS encrypt with key ${keyName} returned no base64 ciphertext.`);
      return parsed.data.ciphertext;
    },
    async unwrap(wrappedDataKey: string, associatedData: Buffer): Promise<Buffer> {
      const response = await call('decrypt', {
        ciphertext: wrappedDataKey,
        additionalAuthenticatedData: associatedData.toString('base64'),
      });
      if (!response.ok) throw new KeyUnwrapError(await describeFailure('decrypt', keyName, response));
      const parsed = decryptResponse.safeParse(await response.json());
      if (!parsed.success) throw new KeyUnwrapError(`Cloud KMS decrypt with key ${keyName} returned no base64 plaintext.`);
      return Buffer.from(parsed.data.plaintext, 'base64');
    },
  };
}

function parseEndpoint(endpoint: string): string {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw new Error(`Cloud KMS endpoint "${endpoint}" is not a URL.`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new Error(`Cloud KMS endpoint "${endpoint}" must be an http or https URL.`);
  }
  return endpoint.replace(/\/+$/, '');
}

function createApplicationDefaultAuthorization(): () => Promise<string> {
  let auth: GoogleAuth | undefined;
  return async () => {
    // Created on first use so constructing the key needs no credentials (tests, startup validation).
    auth ??= new GoogleAuth({ scopes: [cloudKmsScope] });
    const token = await auth.getAccessToken();
    if (!token) throw new Error('Application Default Credentials gave no access token for Cloud KMS.');
    return `Bearer ${token}`;
  };
}

/** Status and Google's error message only: the request body, which holds the data key, is never echoed. */
async function describeFailure(method: string, keyName: string, response: Response): Promise<string> {
  const text = await response.text().catch(() => '');
  let detail = response.statusText;
  try {
    const parsed = googleErrorBody.safeParse(JSON.parse(text));
    if (parsed.success) {
      detail = [parsed.data.error.status, parsed.data.error.message].filter(Boolean).join(': ');
    }
  } catch {
    // Not JSON (a proxy's HTML page, say): the status line is all that is worth reporting.
  }
  return `Cloud KMS ${method} with key ${keyName} failed with HTTP ${response.status}${detail ? ` (${detail})` : ''}.`;
}
