import { Writable } from 'node:stream';
import { createProviderRegistry } from '../../../../backend/src/ai/providers/create-provider-registry';
import { routeConsoleThroughLogger } from '../../../../backend/src/platform/console-bridge';
import { createLogger } from '../../../../backend/src/platform/logger';
import { recordedBody, startReplayServer, type ReplayServer } from '../../../support/recorded-provider-bodies';

/** SDK warnings reach the project's log as structured, redacted lines, not stray console output. */
describe('SDK warnings', () => {
  let server: ReplayServer;
  beforeAll(async () => {
    server = await startReplayServer();
  });
  afterAll(async () => {
    await server.close();
  });

  it("the Anthropic SDK's deprecated-model warning goes through the logger, and no key reaches the log", async () => {
    const lines: Record<string, unknown>[] = [];
    const destination = new Writable({
      write(chunk: Buffer, _encoding, done) {
        for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) lines.push(JSON.parse(line) as Record<string, unknown>);
        done();
      },
    });
    const logger = createLogger({ level: 'warn', destination });
    // The console as it was before routing: nothing may reach it.
    const printed = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    const restore = routeConsoleThroughLogger(logger);
    try {
      server.enqueue(recordedBody('anthropic-message-success-usage'));
      const adapter = createProviderRegistry({ logger }).get('anthropic')!;
      // The SDK (1.12) lists this id as deprecated and prints a warning with console.warn before sending.
      await adapter.generate(
        { id: 'key-anthropic', apiKey: 'sk-ant-api03-CANARY-sdk-warning-key', baseUrl: server.origin },
        { model: 'claude-sonnet-4-5-20250929', prompt: 'Hi', maxOutputTokens: 64, timeoutMs: 5000 },
      );
      // A library that quotes a key in its warning: the line keeps its words, not the key.
      console.warn('retrying with api key %s', 'sk-ant-api03-CANARY-quoted-in-a-warning');
    } finally {
      restore();
    }
    const warning = lines.find(
      (line) => typeof line['msg'] === 'string' && (line['msg'] as string).includes("The model 'claude-sonnet-4-5-20250929' is deprecated"),
    );
    expect(warning).toMatchObject({ level: 'warn', source: 'console', service: 'ai-template-fill-backend' });
    expect(lines.find((line) => String(line['msg']).startsWith('retrying with api key'))).toMatchObject({
      msg: 'retrying with api key [redacted]',
      source: 'console',
    });
    expect(lines.find((line) => String(line['msg']).startsWith('retrying with api key'))).toMatchObject({
      msg: 'retrying with api key [redacted]',
      source: 'console',
    });
    expect(JSON.stringify(lines)).not.toContain('CANARY');
    expect(printed).not.toHaveBeenCalled();
    printed.mockRestore();
  });
});
