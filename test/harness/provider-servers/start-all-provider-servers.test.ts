import { startAllProviderServers, startOpenAIServer } from '../../../harness/provider-servers';
import { rejectionOf } from './rejection-of';

describe('startAllProviderServers', () => {
  it('starts one server per provider with the base URL each SDK expects, and closes them all', async () => {
    const servers = await startAllProviderServers();
    try {
      expect(servers.openai.provider).toBe('openai');
      expect(servers.openai.baseUrl).toBe(`${servers.openai.origin}/v1`);
      expect(servers.anthropic.baseUrl).toBe(servers.anthropic.origin);
      expect(servers.gemini.baseUrl).toBe(servers.gemini.origin);
      expect(new Set([servers.openai.origin, servers.anthropic.origin, servers.gemini.origin]).size).toBe(3);
      const models = await fetch(`${servers.gemini.origin}/v1beta/models`, { headers: { 'x-goog-api-key': 'k' } });
      expect(models.status).toBe(200);
    } finally {
      await servers.close();
    }
    // undici's TypeError comes from outside jest's realm, so compare the message rather than the class.
    expect((await rejectionOf(fetch(`${servers.openai.origin}/v1/models`))) as Error).toMatchObject({ message: 'fetch failed' });
  });

  it('closes the servers it did start when a port is taken', async () => {
    const occupant = await startOpenAIServer();
    try {
      const port = Number(new URL(occupant.origin).port);
      const error = await rejectionOf(startAllProviderServers({ ports: { gemini: port } }));
      expect((error as NodeJS.ErrnoException).code).toBe('EADDRINUSE');
    } finally {
      await occupant.close();
    }
  });
});

describe('recorded requests', () => {
  it('keep lower-case header names, the query string and a parsed body', async () => {
    const server = await startOpenAIServer();
    try {
      await fetch(`${server.origin}/v1/models?limit=2`, { headers: { Authorization: 'Bearer k', 'X-Custom-Header': 'Value' } });
      expect(server.requests[0]).toMatchObject({
        method: 'GET',
        path: '/v1/models',
        query: '?limit=2',
        body: undefined,
        headers: { authorization: 'Bearer k', 'x-custom-header': 'Value' },
      });
      expect(server.requests[0]?.receivedAt).toBeLessThanOrEqual(Date.now());
    } finally {
      await server.close();
    }
  });

  it('wait for a behaviour latency on top of the server latency', async () => {
    const server = await startOpenAIServer();
    try {
      server.setLatency(50);
      server.enqueue({ kind: 'error', status: 500, latencyMs: 100 });
      const started = Date.now();
      const response = await fetch(`${server.baseUrl}/chat/completions`, {
        method: 'POST',
        headers: { authorization: 'Bearer k', 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'gpt-6-luna', messages: [{ role: 'user', content: 'x' }] }),
      });
      expect(response.status).toBe(500);
      expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    } finally {
      await server.close();
    }
  });
});
