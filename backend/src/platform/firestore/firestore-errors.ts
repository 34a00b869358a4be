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
