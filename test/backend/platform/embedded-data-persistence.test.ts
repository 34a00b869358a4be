import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../../backend/src/platform/config';
import { createLogger } from '../../../backend/src/platform/logger';
import { startBackend } from '../../../backend/src/start-backend';
import { developmentBearer } from '../../support/test-backend';

describe('npm start keeps local data across restarts', () => {
  const folder = mkdtempSync(path.join(tmpdir(), 'embedded-data-'));
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it('finds the templates, members and encrypted keys of the previous run', async () => {
    const config = loadConfig({ AUTH_MODE: 'development', LOG_LEVEL: 'silent', PORT: '0', EMBEDDED_FIRESTORE_DATA_FILE: path.join(folder, 'firestore.json') });
    const logger = createLogger({ level: 'silent' });
    const call = (url: string, method: string, route: string, body?: unknown) =>
      fetch(`${url}${route}`, {
        method,
        headers: { authorization: developmentBearer(), 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });

    const first = await startBackend(config, logger);
    const saved = await call(first.url, 'PUT', '/v1/templates/doc-kept', { baseVersion: 0, template: { name: 'Offer letter', tags: { intro: { prompt: 'Welcome {{name}}.' } } } });
    expect(saved.status).toBe(200);
    const created = await call(first.url, 'POST', '/v1/connections', { provider: 'openai', name: 'Team key', apiKey: 'sk-kept-across-restarts-1234' });
    expect(created.status).toBe(201);
    await first.close();

    const second = await startBackend(config, logger);
    try {
      const template = await (await call(second.url, 'GET', '/v1/templates/doc-kept')).json();
      expect(template).toMatchObject({ version: 1, name: 'Offer letter', tags: { intro: { prompt: 'Welcome {{name}}.' } } });
      const session = (await (await call(second.url, 'GET', '/v1/session')).json()) as { role: string; provider: unknown };
      expect(session.role).toBe('owner');
      const connections = (await (await call(second.url, 'GET', '/v1/connections')).json()) as { connections: unknown[] };
      expect(connections.connections).toEqual([expect.objectContaining({ name: 'Team key', lastFour: '1234' })]);
      // The key still opens: the session reports the organisation's own provider as configured.
      expect(session.provider).toMatchObject({ configured: true, id: 'openai' });
    } finally {
      await second.close();
    }
  });
});
