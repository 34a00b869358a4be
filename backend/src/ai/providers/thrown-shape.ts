export interface ThrownShape {
  name: string;
  className: string;
  message: string;
  status: number | undefined;
}

/**
 * Reads what an SDK threw without instanceof: errors created in another realm (the fetch implementation's
 * SyntaxError, an SDK loaded twice under a test runner) fail instanceof checks but keep their shape.
 */
export function thrownShape(error: unknown): ThrownShape {
  if (typeof error !== 'object' || error === null) return { name: '', className: '', message: String(error), status: undefined };
  const record = error as { name?: unknown; message?: unknown; status?: unknown; constructor?: { name?: unknown } };
  return {
    name: typeof record.name === 'string' ? record.name : '',
    className: typeof record.constructor?.name === 'string' ? record.constructor.name : '',
    message: typeof record.message === 'string' ? record.message : '',
    status: typeof record.status === 'number' ? record.status : undefined,
  };
}
