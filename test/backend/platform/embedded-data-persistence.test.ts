import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Writable } from 'node:stream';
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
    const config = loadConfig({
      AUTH_MODE: 'development',
      LOG_LEVEL: 'silent',
      PORT: '0',
      EMBEDDED_FIRESTORE_DATA_FILE: path.join(folder, 'firestore.json'),
    });
    const logger = createLogger({ level: 'silent' });
    const call = (url: string, method: string, route: string, body?: unknown) =>
      fetch(`${url}${route}`, {
        method,
        headers: { authorization: developmentBearer(), 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });

    const first = await startBackend(config, logger);
    const saved = await call(first.url, 'PUT', '/v1/templates/doc-kept', {
      baseVersion: 0,
      template: { name: 'Offer letter', tags: { intro: { prompt: 'Welcome {{name}}.' } } },
    });
    expect(saved.status).toBe(200);
    const created = await call(first.url, 'POST', '/v1/connections', {
      provider: 'openai',
      name: 'Team key',
      apiKey: 'sk-kept-across-restarts-1234',
    });
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

describe('a damaged data file', () => {
  const folder = mkdtempSync(path.join(tmpdir(), 'embedded-damaged-'));
  afterAll(() => rmSync(folder, { recursive: true, force: true }));
  const file = path.join(folder, 'firestore.json');
  const config = loadConfig({ AUTH_MODE: 'development', LOG_LEVEL: 'silent', PORT: '0', EMBEDDED_FIRESTORE_DATA_FILE: file });
  const saveTemplate = (url: string, documentId: string, name: string) =>
    fetch(`${url}/v1/templates/${documentId}`, {
      method: 'PUT',
      headers: { authorization: developmentBearer(), 'content-type': 'application/json' },
      body: JSON.stringify({ baseVersion: 0, template: { name, tags: { intro: { prompt: 'Hello.' } } } }),
    });
  const templateName = async (url: string, documentId: string) => {
    const response = await fetch(`${url}/v1/templates/${documentId}`, { headers: { authorization: developmentBearer() } });
    return response.status === 200 ? ((await response.json()) as { name: string }).name : response.status;
  };

  it('starts from the previous good copy, says so, and keeps the damaged file aside', async () => {
    const logger = createLogger({ level: 'silent' });
    const first = await startBackend(config, logger);
    expect((await saveTemplate(first.url, 'doc-a', 'First offer')).status).toBe(200);
    await first.close();
    // A second run saves again, so the first run's file becomes the previous copy.
    const second = await startBackend(config, logger);
    expect((await saveTemplate(second.url, 'doc-b', 'Second offer')).status).toBe(200);
    await second.close();
    expect(existsSync(`${file}.previous`)).toBe(true);

    writeFileSync(file, '{"format": "ai-template-fill/firestore", "documents": [ {"path": "orgs/x"');
    const lines: string[] = [];
    const destination = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString('utf8'));
        done();
      },
    });
    const third = await startBackend(config, createLogger({ level: 'warn', destination }));
    try {
      expect(await templateName(third.url, 'doc-a')).toBe('First offer');
      expect(lines.join('')).toMatch(/The data file was damaged, so the backend started from its previous copy/);
      const aside = readdirSync(folder).filter((name) => name.startsWith('firestore.json.damaged-'));
      expect(aside).toHaveLength(1);
      expect(readFileSync(path.join(folder, aside[0]!), 'utf8')).toContain('"documents": [ {"path": "orgs/x"');
    } finally {
      await third.close();
    }
  });

  it('refuses to start, overwriting nothing, when the previous copy is damaged too', async () => {
    writeFileSync(file, 'not json');
    writeFileSync(`${file}.previous`, 'not json either');
    await expect(startBackend(config, createLogger({ level: 'silent' }))).rejects.toThrow(
      /is damaged .* and so is its previous copy .* Nothing was loaded and nothing was overwritten/,
    );
    expect(readFileSync(file, 'utf8')).toBe('not json');
  });
});
