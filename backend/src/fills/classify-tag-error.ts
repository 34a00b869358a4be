import { AiCoreError } from '../ai/ai-errors';
import { ProviderError } from '../ai/providers/provider-errors';
import { isFirestoreUnavailable } from '../platform/firestore/firestore-availability';
import { isKeyUnreadable, keyUnreadableMessage } from '../keys/key-unreadable';

export interface ClassifiedError {
  code: string;
  message: string;
  /** SPEC.md section 5: invalid key, exhausted quota or budget stop the whole fill. */
  abortsFill: boolean;
}

const abortAdvice: Record<string, string> = {
  authentication: 'The AI provider rejected the API key. Ask an admin to check or replace the key.',
  permission: 'The API key is not allowed to use this model. Ask an admin to check the key or choose another model.',
  quota_exhausted: 'The AI provider account has run out of quota or credit. Ask an admin to top it up.',
};

/** Sorts a failure into "this tag falls back" or "the whole fill stops", with words a user can act on. */
export function classifyTagError(error: unknown): ClassifiedError {
  if (error instanceof AiCoreError) return { code: error.code, message: error.message, abortsFill: error.abortsFill };
  if (error instanceof ProviderError) {
    return { code: error.code, message: abortAdvice[error.code] ?? error.message, abortsFill: error.abortsFill };
  }
  // Nothing the fill pays for could be recorded: stop it rather than pay for tags whose cost is lost.
  if (isFirestoreUnavailable(error))
    return {
      code: 'storage_unavailable',
      message:
        'Our database is not answering, so what this fill costs could not be recorded and nothing will be written. Try again in a minute.',
      abortsFill: true,
    };
  // No tag can reach the provider with a key nobody can decrypt: stop the fill rather than mark every tag.
  if (isKeyUnreadable(error)) return { code: 'key_unreadable', message: keyUnreadableMessage, abortsFill: true };
  return { code: 'internal', message: 'An unexpected error happened while generating this tag.', abortsFill: false };
}
