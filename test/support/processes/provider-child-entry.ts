import { createInterface } from 'node:readline';
import { startOpenAIServer, type ProviderBehaviour } from '../../../harness/provider-servers';

/**
 * The OpenAI stand-in in its own process, driven over stdin with one JSON command a line; each command is
 * answered on stdout with `{"id":…,"result":…}` or `{"id":…,"error":"…"}`. The first stdout line is
 * `{"ready":true,"baseUrl":…,"origin":…}`. Closing stdin stops it.
 */
type Command =
  | { id: number; op: 'setLatency'; ms: number }
  | { id: number; op: 'enqueue'; behaviours: ProviderBehaviour[] }
  | { id: number; op: 'setDefault'; behaviour: ProviderBehaviour }
  | { id: number; op: 'reset' }
  | { id: number; op: 'requests' };

async function main(): Promise<void> {
  const server = await startOpenAIServer();
  const reply = (message: object): void => {
    process.stdout.write(`${JSON.stringify(message)}\n`);
  };

  const run = (command: Command): unknown => {
    switch (command.op) {
      case 'setLatency':
        return server.setLatency(command.ms);
      case 'enqueue':
        return server.enqueue(...command.behaviours);
      case 'setDefault':
        return server.setDefault(command.behaviour);
      case 'reset':
        return server.reset();
      case 'requests':
        // Headers and raw bodies stay here: they carry the API key and would only bloat the pipe.
        return server.requests.map(({ method, path, query, body, receivedAt }) => ({ method, path, query, body, receivedAt }));
      default:
        throw new Error(`unknown command ${JSON.stringify(command)}`);
    }
  };

  createInterface({ input: process.stdin }).on('line', (line) => {
    let id: number | undefined;
    try {
      const command = JSON.parse(line) as Command;
      id = command.id;
      reply({ id, result: run(command) ?? null });
    } catch (error) {
      reply({ id, error: error instanceof Error ? error.message : String(error) });
    }
  });
  process.stdin.on('end', () => void server.close().then(() => process.exit(0)));
  reply({ ready: true, baseUrl: server.baseUrl, origin: server.origin });
}

void main();
