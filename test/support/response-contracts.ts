import { z } from 'zod';
import { responseSchemas, type OperationId } from '../../contracts/operations';

export function isOperationId(operationId: string): operationId is OperationId {
  return Object.hasOwn(responseSchemas, operationId);
}

/** Whether the operation's contract declares a JSON body (this document itself and text answers do not). */
export function hasContractBody(operationId: string): boolean {
  return isOperationId(operationId) && responseSchemas[operationId] !== null;
}

/**
 * Checks a JSON body against the contract of the operation that answered it, member by member: every declared
 * member has its declared type, and nothing undeclared comes along (zod drops unknown members, so the parsed
 * body then differs from the one received).
 */
export function expectContractBody(operationId: string, body: unknown): void {
  if (!isOperationId(operationId)) throw new Error(`${operationId} has no entry in contracts/operations.ts`);
  const schema = responseSchemas[operationId];
  if (schema === null) throw new Error(`${operationId} answers no JSON body by its contract`);
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new Error(`The answer of ${operationId} does not match its contract:\n${z.prettifyError(parsed.error)}`);
  expect({ operationId, body: parsed.data }).toEqual({ operationId, body });
}
