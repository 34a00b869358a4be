import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createCloudKmsKeyEncryptionKey } from '../../../backend/src/keys/cloud-kms-key-encryption-key';
import { openSecret, sealSecret, SecretDecryptionError } from '../../../backend/src/keys/envelope-encryption';
import { createKeyRing, KeyUnwrapError } from '../../../backend/src/keys/key-encryption-key';

const keyName = 'projects/my-project/locations/europe-west1/keyRings/vault/cryptoKeys/provider-keys';
const authorization = 'Bearer test-token';
const binding = { organisationId: 'org-1', recordId: 'openai' };

interface RecordedRequest {
  method: string;
  path: string;
  authorization: string | undefined;
  contentType: string | undefined;
  body: Record<string, string>;
}

/**
 * Speaks the two Cloud KMS REST methods. Its "ciphertext" is base64 of JSON {plaintext, aad}: enough to prove
 * the client sends and honours associated data, which decrypt checks like KMS does.
 */
class FakeCloudKms {
  readonly requests: RecordedRequest[] = [];
  /** Set to answer the next calls with this status and Google's error JSON. */
  failure: { status: number; message: string; googleStatus: string } | undefined;
  private server: Server | undefined;
  endpoint = '';

  async start(): Promise<void> {
    this.server = createServer((request, response) => {
      void this.handle(request).then(({ status, body }) => {
        response.writeHead(status, { 'content-type': 'application/json' });
        response.end(JSON.stringify(body));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.endpoint = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve, reject) => this.server?.close((error) => (error ? reject(error) : resolve())));
  }

  private async handle(request: IncomingMessage): Promise<{ status: number; body: unknown }> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, string>;
    const path = request.url ?? '';
    this.requests.push({
      method: request.method ?? '',
      path,
      authorization: request.headers.authorization,
      contentType: request.headers['content-type'],
      body,
    });

    if (this.failure) return googleError(this.failure.status, this.failure.googleStatus, this.failure.message);
    if (request.method !== 'POST') return googleError(405, 'INVALID_ARGUMENT', 'POST only.');
    if (path === `/v1/${keyName}:encrypt`) {
      const ciphertext = Buffer.from(JSON.stringify({ plaintext: body.plaintext, aad: body.additionalAuthenticatedData ?? '' })).toString(
        'base64',
      );
      return { status: 200, body: { name: `${keyName}/cryptoKeyVersions/1`, ciphertext } };
    }
    if (path === `/v1/${keyName}:decrypt`) {
      let sealed: { plaintext: string; aad: string };
      try {
        sealed = JSON.parse(Buffer.from(body.ciphertext ?? '', 'base64').toString('utf8')) as typeof sealed;
      } catch {
        return googleError(400, 'INVALID_ARGUMENT', 'Decryption failed: the ciphertext is invalid.');
      }
      if (sealed.aad !== (body.additionalAuthenticatedData ?? '')) {
        return googleError(400, 'INVALID_ARGUMENT', "Decryption failed: verify that 'name' refers to the correct CryptoKey.");
      }
      return { status: 200, body: { plaintext: sealed.plaintext } };
    }
    return googleError(404, 'NOT_FOUND', `No such method ${path}.`);
  }
}

function googleError(code: number, status: string, message: string): { status: number; body: unknown } {
  return { status: code, body: { error: { code, message, status } } };
}

describe('createCloudKmsKeyEncryptionKey', () => {
  const kms = new FakeCloudKms();
  const createKey = () =>
    createCloudKmsKeyEncryptionKey({ keyName, endpoint: `${kms.endpoint}/`, authorizationHeader: async () => authorization });

  beforeAll(() => kms.start());
  afterAll(() => kms.stop());
  beforeEach(() => {
    kms.requests.length = 0;
    kms.failure = undefined;
  });

  test('uses the key name as its id', () => {
    expect(createKey().id).toBe(keyName);
  });

  test('calls encrypt and decrypt with the key path, the authorization header and base64 fields', async () => {
    const key = createKey();
    const dataKey = Buffer.from('0123456789abcdef0123456789abcdef');
    const associatedData = Buffer.from('["binding"]');

    const wrapped = await key.wrap(dataKey, associatedData);
    const unwrapped = await key.unwrap(wrapped, associatedData);

    expect(unwrapped).toEqual(dataKey);
    expect(kms.requests).toEqual([
      {
        method: 'POST',
        path: `/v1/${keyName}:encrypt`,
        authorization,
        contentType: 'application/json',
        body: { plaintext: dataKey.toString('base64'), additionalAuthenticatedData: associatedData.toString('base64') },
      },
      {
        method: 'POST',
        path: `/v1/${keyName}:decrypt`,
        authorization,
        contentType: 'application/json',
        body: { ciphertext: wrapped, additionalAuthenticatedData: associatedData.toString('base64') },
      },
    ]);
  });

  test('seals and opens a secret with the KMS key as the current key', async () => {
    const ring = createKeyRing([createKey()]);

    const sealed = await sealSecret('sk-live-secret', binding, ring);

    expect(sealed.keyEncryptionKeyId).toBe(keyName);
    expect(await openSecret(sealed, binding, ring)).toBe('sk-live-secret');
  });

  test('a mismatched binding is refused by KMS and surfaces as SecretDecryptionError', async () => {
    const ring = createKeyRing([createKey()]);
    const sealed = await sealSecret('sk-live-secret', binding, ring);

    const error = await openSecret(sealed, { ...binding, organisationId: 'org-2' }, ring).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(SecretDecryptionError);
    expect((error as Error).message).toContain('400');
    expect((error as Error).message).toContain('Decryption failed');
  });

  test("a failed decrypt throws KeyUnwrapError with the status and Google's message, not the ciphertext", async () => {
    const key = createKey();
    const wrapped = await key.wrap(Buffer.alloc(32, 7), Buffer.from('a'));

    const error = await key.unwrap(wrapped, Buffer.from('b')).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(KeyUnwrapError);
    expect((error as Error).message).toMatch(/HTTP 400 \(INVALID_ARGUMENT: Decryption failed/);
    expect((error as Error).message).not.toContain(wrapped);
  });

  test('a 403 on encrypt surfaces as an error with the status and message, never the data key', async () => {
    kms.failure = {
      status: 403,
      googleStatus: 'PERMISSION_DENIED',
      message: "Permission 'cloudkms.cryptoKeyVersions.useToEncrypt' denied.",
    };
    const dataKey = Buffer.alloc(32, 9);

    const error = await createKey()
      .wrap(dataKey, Buffer.from('a'))
      .catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(Error);
    expect(error).not.toBeInstanceOf(KeyUnwrapError);
    expect((error as Error).message).toContain('403');
    expect((error as Error).message).toContain('cloudkms.cryptoKeyVersions.useToEncrypt');
    expect((error as Error).message).not.toContain(dataKey.toString('base64'));
    await expect(sealSecret('sk-live-secret', binding, createKeyRing([createKey()]))).rejects.toThrow('HTTP 403');
  });

  test('uses an injected fetch implementation', async () => {
    const calls: string[] = [];
    const fetchImplementation: typeof fetch = async (input) => {
      calls.push(String(input));
      return new Response(JSON.stringify({ name: keyName, ciphertext: 'd3JhcHBlZA==' }), { status: 200 });
    };
    const key = createCloudKmsKeyEncryptionKey({ keyName, authorizationHeader: async () => authorization, fetchImplementation });

    expect(await key.wrap(Buffer.alloc(32), Buffer.from('a'))).toBe('d3JhcHBlZA==');
    expect(calls).toEqual([`https://cloudkms.googleapis.com/v1/${keyName}:encrypt`]);
  });

  test.each([
    'projects/p/locations/l/keyRings/r',
    `${keyName}/cryptoKeyVersions/1`,
    'projects/../locations/l/keyRings/r/cryptoKeys/k',
    `/${keyName}`,
    '',
  ])('rejects the malformed key name %p on construction', (badName) => {
    expect(() => createCloudKmsKeyEncryptionKey({ keyName: badName, authorizationHeader: async () => authorization })).toThrow(
      'projects/PROJECT/locations/LOCATION/keyRings/RING/cryptoKeys/KEY',
    );
  });

  test('rejects an endpoint that is not an http(s) URL', () => {
    expect(() => createCloudKmsKeyEncryptionKey({ keyName, endpoint: 'not a url' })).toThrow('not a URL');
    expect(() => createCloudKmsKeyEncryptionKey({ keyName, endpoint: 'file:///etc' })).toThrow('http or https');
  });
});
