import request from 'supertest';
import { responseSchemas } from '../../../contracts/operations';
import { toSchema } from '../../../backend/src/platform/http/openapi-document';
import { isOperationId } from '../../support/response-contracts';
import { startTestBackend, type TestBackend } from '../../support/test-backend';

interface Layer {
  route?: { path: string; methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
}

/** Every method and path Express actually routes, read from the app's router stack. */
function mountedOperations(stack: Layer[]): string[] {
  return stack.flatMap((layer) => {
    if (layer.route) return Object.keys(layer.route.methods).map((method) => `${method} ${layer.route?.path}`);
    return layer.handle?.stack ? mountedOperations(layer.handle.stack) : [];
  });
}

describe('GET /openapi.json', () => {
  let backend: TestBackend;
  beforeAll(async () => {
    backend = await startTestBackend();
  });
  afterAll(() => backend.close());

  it('documents exactly the operations the app routes, each with an id, a role and its error responses', async () => {
    const response = await request(backend.app).get('/openapi.json');
    expect(response.status).toBe(200);
    const document = response.body as {
      openapi: string;
      paths: Record<
        string,
        Record<string, { operationId: string; security?: unknown[]; 'x-required-role'?: string; responses: Record<string, unknown> }>
      >;
    };
    expect(document.openapi).toMatch(/^3\./);
    const documented = Object.entries(document.paths).flatMap(([path, operations]) =>
      Object.keys(operations).map((method) => `${method} ${path.replace(/\{([^}]+)\}/g, ':$1')}`),
    );
    const router = (backend.app as unknown as { router: { stack: Layer[] } }).router;
    expect(new Set(mountedOperations(router.stack))).toEqual(new Set(documented));
    expect(documented.length).toBeGreaterThan(25);

    const operationIds = new Set<string>();
    for (const [path, operations] of Object.entries(document.paths)) {
      for (const operation of Object.values(operations)) {
        expect(operationIds.has(operation.operationId)).toBe(false);
        operationIds.add(operation.operationId);
        expect(operation.responses['400']).toBeDefined();
        if (Array.isArray(operation.security) && operation.security.length === 0) continue;
        expect(['member', 'admin', 'owner']).toContain(operation['x-required-role']);
        expect(operation.responses['401']).toBeDefined();
        expect(operation.responses['403']).toBeDefined();
        if (path.includes('{')) expect(operation.responses['404']).toBeDefined();
      }
    }
  });

  it("documents each operation's success answer with its schema in contracts/, and no operation without one", async () => {
    const response = await request(backend.app).get('/openapi.json');
    const document = response.body as {
      paths: Record<
        string,
        Record<string, { operationId: string; responses: Record<string, { content?: Record<string, { schema: unknown }> }> }>
      >;
    };
    const seen: string[] = [];
    for (const operations of Object.values(document.paths)) {
      for (const operation of Object.values(operations)) {
        seen.push(operation.operationId);
        if (!isOperationId(operation.operationId)) throw new Error(`${operation.operationId} has no entry in contracts/operations.ts`);
        const success = Object.entries(operation.responses).find(([status]) => /^2\d\d$/.test(status))?.[1];
        const contract = responseSchemas[operation.operationId];
        const documented = success?.content?.['application/json']?.schema;
        expect({ operationId: operation.operationId, documented }).toEqual({
          operationId: operation.operationId,
          documented: contract === null ? undefined : toSchema(contract, 'output'),
        });
      }
    }
    expect(seen.sort()).toEqual(Object.keys(responseSchemas).sort());
  });
});
