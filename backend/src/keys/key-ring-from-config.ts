import { createHash } from 'node:crypto';
import type { Config } from '../platform/config';
import { createCloudKmsKeyEncryptionKey } from './cloud-kms-key-encryption-key';
import { createKeyRing, createLocalKeyEncryptionKey, parseLocalKeyEncryptionKeys, type KeyRing } from './key-encryption-key';

/**
 * Outside production, a fixed development key keeps `npm start` working with nothing configured and still
 * opens what it sealed after a restart. It protects nothing, which is why production refuses to start
 * without KEY_ENCRYPTION_KEYS or KMS_KEY_NAME (see config.ts) and never holds this key.
 */
function developmentKey() {
  return createLocalKeyEncryptionKey(
    'development',
    createHash('sha256').update('ai-template-fill development key-encryption key (not secret)').digest(),
  );
}

/** KMS first when configured, then the configured local keys, then (outside production) the development key. */
export function keyRingFromConfig(config: Config): KeyRing {
  const keys = [
    ...(config.KMS_KEY_NAME ? [createCloudKmsKeyEncryptionKey({ keyName: config.KMS_KEY_NAME })] : []),
    ...(config.KEY_ENCRYPTION_KEYS ? parseLocalKeyEncryptionKeys(config.KEY_ENCRYPTION_KEYS) : []),
    ...(config.NODE_ENV === 'production' ? [] : [developmentKey()]),
  ];
  return createKeyRing(keys);
}
