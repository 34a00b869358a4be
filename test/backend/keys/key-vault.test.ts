import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { startOpenAIServer, type ProviderServer } from '../../../harness/provider-servers';
import { composeApp } from '../../../backend/src/compose-app';
import { createConnectionsRepository, type StoredConnection } from '../../../backend/src/keys/connections-repository';
import { SecretDecryptionError } from '../../../backend/src/keys/envelope-encryption';
import { createKeyRing, createLocalKeyEncryptionKey, type KeyEncryptionKey } from '../../../backend/src/keys/key-encryption-key';
import { createKeyVault, keyFingerprint } from '../../../backend/src/keys/key-vault';
import { createMembersRepository } from '../../../backend/src/members/members-repository';
import { createLogger } from '../../../backend/src/platform/logger';
import { developmentBearer, startTestBackend, type TestBackend } from '../../support/test-backend';

const localKey = (id: string): KeyEncryptionKey => createLocalKeyEncryptionKey(id, randomBytes(32));

const alpha = {
  organisationId: 'domain:alpha.example',
  bearer: developmentBearer({ sub: 'alpha-owner', email: 'ann@alpha.example', hd: 'alpha.example' }),
};
const beta = {
  organisationId: 'domain:beta.example',
  bearer: developmentBearer({ sub: 'beta-owner', email: 'bob@beta.example', hd: 'beta.example' }),
};

const keys = {
  alphaOpenAi: 'sk-alpha-openai-1111',
  alphaGateway: 'sk-alpha-gateway-2222',
  betaOpenAi: 'sk-beta-openai-3333',
  gammaDirect: 'sk-gamma-direct-4444',
};

describe('the key vault re-wrapping every stored key under a new key-encryption key', () => {
  const oldKey = localKey('kek-2024');
  const newKey = localKey('kek-2025');
  let provider: ProviderServer;
  let backend: TestBackend;
  /** connection id → the key it holds */
  const keyOf = new Map<string, string>();

  const connectionsOf = async (organisationId: string): Promise<StoredConnection[]> =>
    createConnectionsRepository(backend.firestore.firestore).list(organisationId);
  const allStored = async () => [
    ...(await connectionsOf(alpha.organisationId)),
    ...(await connectionsOf(beta.organisationId)),
    ...(await connectionsOf('domain:gamma.example')),
  ];
  const vaultWith = (...ring: KeyEncryptionKey[]) =>
    createKeyVault({ repository: createConnectionsRepository(backend.firestore.firestore), ring: createKeyRing(ring) });
  const addConnection = async (organisation: typeof alpha, body: Record<string, string>) => {
    const response = await request(backend.app).post('/v1/connections').set('authorization', organisation.bearer).send(body);
    expect(response.status).toBe(201);
    keyOf.set(response.body.id, body.apiKey as string);
  };

  beforeAll(async () => {
    provider = await startOpenAIServer();
    backend = await startTestBackend({ AI_REQUEST_TIMEOUT_MS: '2000', AI_RETRY_BASE_DELAY_MS: '1' }, { keyRing: createKeyRing([oldKey]) });
    // Two organisations, each existing because its first user signed in and added keys.
    await addConnection(alpha, { provider: 'openai', name: 'OpenAI', apiKey: keys.alphaOpenAi, baseUrl: provider.baseUrl });
    await addConnection(alpha, {
      provider: 'openai-compatible',
      name: 'Gateway',
      apiKey: keys.alphaGateway,
      baseUrl: provider.baseUrl,
      defaultModel: 'gpt-6-luna',
    });
    await addConnection(beta, { provider: 'openai', name: 'OpenAI', apiKey: keys.betaOpenAi, baseUrl: provider.baseUrl });
    // A third organisation made without HTTP: claimed by the members repository, its key sealed by the vault.
    const gamma = 'domain:gamma.example';
    expect(
      await createMembersRepository(backend.firestore.firestore).claimOrganisation(gamma, {
        userId: 'gamma-owner',
        email: 'gil@gamma.example',
        at: new Date(),
      }),
    ).toBe('gamma-owner');
    const direct = await backend.vault.create(gamma, 'gil@gamma.example', {
      provider: 'anthropic',
      name: 'Claude',
      apiKey: keys.gammaDirect,
    });
    keyOf.set(direct.id, keys.gammaDirect);
  });
  afterAll(async () => {
    await backend.close();
    await provider.close();
  });

  it("seals every key under the ring's current key at first", async () => {
    const stored = await allStored();
    expect(stored).toHaveLength(4);
    expect(stored.map((connection) => connection.sealedKey.keyEncryptionKeyId)).toEqual(['kek-2024', 'kek-2024', 'kek-2024', 'kek-2024']);
    expect(stored.find((connection) => connection.provider === 'anthropic')).toMatchObject({
      ...keyFingerprint(keys.gammaDirect),
      lastFour: '4444',
      createdBy: 'gil@gamma.example',
    });
  });

  it('moves the records of every organisation onto the new key without touching their ciphertext', async () => {
    const before = new Map((await allStored()).map((connection) => [connection.id, connection]));

    const result = await vaultWith(newKey, oldKey).rewrapAll();

    expect(result).toEqual({ visited: 4, rewrapped: 4 });
    const after = await allStored();
    expect(after).toHaveLength(4);
    for (const connection of after) {
      const previous = before.get(connection.id) as StoredConnection;
      expect(connection.sealedKey.keyEncryptionKeyId).toBe('kek-2025');
      expect(connection.sealedKey.wrappedDataKey).not.toBe(previous.sealedKey.wrappedDataKey);
      expect({ ciphertext: connection.sealedKey.ciphertext, iv: connection.sealedKey.iv, authTag: connection.sealedKey.authTag }).toEqual({
        ciphertext: previous.sealedKey.ciphertext,
        iv: previous.sealedKey.iv,
        authTag: previous.sealedKey.authTag,
      });
      expect({ fingerprint: connection.fingerprint, lastFour: connection.lastFour, name: connection.name }).toEqual({
        fingerprint: previous.fingerprint,
        lastFour: previous.lastFour,
        name: previous.name,
      });
    }
  });

  it('opens every re-wrapped key with a ring holding only the new key, and no longer with the old one alone', async () => {
    const onlyNew = vaultWith(newKey);
    const onlyOld = vaultWith(oldKey);
    for (const organisationId of [alpha.organisationId, beta.organisationId, 'domain:gamma.example']) {
      for (const connection of await connectionsOf(organisationId)) {
        const opened = await onlyNew.open(organisationId, connection);
        expect(opened.apiKey).toBe(keyOf.get(connection.id));
        expect(opened.id).toBe(`${connection.id}@${connection.fingerprint}`);
        await expect(onlyOld.open(organisationId, connection)).rejects.toBeInstanceOf(SecretDecryptionError);
      }
    }
  });

  it('visits everything again but re-wraps nothing when all records are already current', async () => {
    expect(await vaultWith(newKey, oldKey).rewrapAll()).toEqual({ visited: 4, rewrapped: 0 });
    expect(await vaultWith(newKey).rewrapAll()).toEqual({ visited: 4, rewrapped: 0 });
  });

  it('does not open a sealed key copied into another organisation', async () => {
    const [alphaConnection] = await connectionsOf(alpha.organisationId);
    await expect(vaultWith(newKey).open(beta.organisationId, alphaConnection as StoredConnection)).rejects.toBeInstanceOf(
      SecretDecryptionError,
    );
  });

  it("lets a backend restarted with only the new key fill with each organisation's own key", async () => {
    const restarted = composeApp(backend.config, backend.firestore.firestore, createLogger({ level: 'silent' }), {
      keyRing: createKeyRing([newKey]),
    });
    try {
      for (const [organisation, key] of [
        [alpha, keys.alphaOpenAi],
        [beta, keys.betaOpenAi],
      ] as const) {
        provider.reset();
        const fill = await request(restarted.app)
          .post('/v1/fills')
          .set('authorization', organisation.bearer)
          .send({
            documentId: 'doc-rewrap',
            tags: [{ name: 'intro', configuration: { prompt: `Greet ${organisation.organisationId}.`, model: 'gpt-6-luna' } }],
          });
        expect(fill.status).toBe(200);
        expect(fill.body.status).toBe('completed');
        const sent = provider.requests.filter((recorded) => recorded.path === '/v1/chat/completions');
        expect(sent.map((recorded) => recorded.headers.authorization)).toEqual([`Bearer ${key}`]);
      }
    } finally {
      await restarted.drain();
    }
  });
});
