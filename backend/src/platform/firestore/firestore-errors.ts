/** gRPC status codes Firestore answers with. */
const alreadyExists = 6;
const notFound = 5;

/** A `create()` found the document already there. */
export function isAlreadyExists(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === alreadyExists;
}

/** An `update()` found no document. */
export function isNotFound(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === notFound;
}

/**
 * Runs a write that starts with a `create` (a claim, a marker, an "ended once" document): true when this call
 * created it, false when someone else had. How this backend decides races without transactions (FACTS.md).
 */
export async function firstToCreate(write: () => Promise<unknown>): Promise<boolean> {
  try {
    await write();
    return true;
  } catch (error) {
    if (isAlreadyExists(error)) return false;
    throw error;
  }
}
