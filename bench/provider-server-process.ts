import { startOpenAIServer } from '../harness/provider-servers';

/**
 * The stand-in provider in its own process, so its work does not share the event loop with the code being
 * measured. Prints its base URL on the first line of stdout; stops when stdin closes.
 */
async function main(): Promise<void> {
  const latencyMs = Number(process.env.PROVIDER_LATENCY_MS ?? '50');
  const server = await startOpenAIServer();
  server.setLatency(latencyMs);
  // The recorded requests would grow without bound over a benchmark run.
  setInterval(() => server.requests.splice(0), 1000).unref();
  process.stdout.write(`${server.baseUrl}\n`);
  process.stdin.resume();
  process.stdin.on('end', () => void server.close().then(() => process.exit(0)));
  process.stdin.on('close', () => void server.close().then(() => process.exit(0)));
}

void main();
