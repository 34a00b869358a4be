import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { createInterface } from 'node:readline';
import OpenAI from 'openai';
import { composeAskAi } from '../backend/src/ai/compose-ask-ai';
import type { AskAi, AskAiRequest } from '../backend/src/ai/ask-ai-types';
import { loadConfig } from '../backend/src/platform/config';
import { connectFirestore } from '../backend/src/platform/firestore/connect-firestore';
import { percentile, round } from './statistics';

/**
 * askAI's own cost: the same chat completion through askAI (settings, cache lookup, budget reservation on
 * sharded counters, model selection, token limit, execute, usage record and cache store on the embedded
 * Firestore emulator) and straight through the OpenAI SDK, against one stand-in server with a fixed
 * latency in another process. Overhead = askAI latency − direct latency at the same percentile, measured
 * in interleaved rounds of the same run.
 */

const providerLatencyMs = Number(process.env.BENCH_PROVIDER_LATENCY_MS ?? '50');
const rounds = Number(process.env.BENCH_ROUNDS ?? '20');
const organisationId = 'domain:bench.example';
const model = 'gpt-4o-mini';

interface Metric {
  name: string;
  value: number;
  unit: string;
}

async function startProviderProcess(latencyMs: number): Promise<{ baseUrl: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'provider-server-process.ts')], {
    env: { ...process.env, PROVIDER_LATENCY_MS: String(latencyMs) },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  const [baseUrl] = (await once(lines, 'line')) as [string];
  return { baseUrl, child };
}

async function timed(call: () => Promise<unknown>): Promise<number> {
  const startedAt = performance.now();
  await call();
  return performance.now() - startedAt;
}

async function measureRound(concurrency: number, call: (index: number) => Promise<unknown>): Promise<number[]> {
  return Promise.all(Array.from({ length: concurrency }, (_, index) => timed(() => call(index))));
}

async function main(): Promise<void> {
  const { baseUrl, child } = await startProviderProcess(providerLatencyMs);
  const firestore = await connectFirestore({});
  const config = loadConfig({ AUTH_MODE: 'development', LOG_LEVEL: 'silent', OPENAI_API_KEY: 'sk-bench', OPENAI_BASE_URL: baseUrl, OPENAI_DEFAULT_MODEL: model });
  // Budgets on every scope: the full reserve-then-check path, the slowest one askAI has.
  await firestore.firestore.doc(`orgs/${organisationId}/settings/ai`).set({
    budgets: { organisation: { dailyUsd: 1_000_000, monthlyUsd: 1_000_000 }, perUser: { dailyUsd: 1_000_000, monthlyUsd: 1_000_000 } },
  });
  const { askAi } = composeAskAi(config, firestore.firestore);
  const client = new OpenAI({ apiKey: 'sk-bench', baseURL: baseUrl, maxRetries: 0 });

  let sequence = 0;
  const prompt = () => `Write one sentence for client number ${(sequence += 1)}.`;
  const askRequest = (instruction: string): AskAiRequest => ({
    organisationId,
    userId: `user-${sequence % 7}`,
    requestId: `bench-${sequence}`,
    instruction,
    model,
    maxOutputTokens: 64,
    origin: { templateId: 'bench-template', fillId: 'bench', tag: 'intro' },
  });
  const direct = (instruction: string) => client.chat.completions.create({ model, messages: [{ role: 'user', content: instruction }], max_tokens: 64 });
  const viaAskAi = (ask: AskAi, instruction: string) => ask(askRequest(instruction));

  // Warm both paths (connections, JIT, tokenizer tables) before measuring.
  for (let index = 0; index < 30; index += 1) {
    await direct(prompt());
    await viaAskAi(askAi, prompt());
  }

  const metrics: Metric[] = [];
  for (const concurrency of [1, 100]) {
    const directTimes: number[] = [];
    const askAiTimes: number[] = [];
    const roundsHere = concurrency === 1 ? rounds * 10 : rounds;
    for (let round_ = 0; round_ < roundsHere; round_ += 1) {
      directTimes.push(...(await measureRound(concurrency, () => direct(prompt()))));
      askAiTimes.push(...(await measureRound(concurrency, () => viaAskAi(askAi, prompt()))));
    }
    const suffix = concurrency === 1 ? '' : `_c${concurrency}`;
    metrics.push(
      { name: `core_overhead_p50_ms${suffix}`, value: round(percentile(askAiTimes, 0.5) - percentile(directTimes, 0.5)), unit: 'ms' },
      { name: `core_overhead_p99_ms${suffix}`, value: round(percentile(askAiTimes, 0.99) - percentile(directTimes, 0.99)), unit: 'ms' },
      { name: `direct_sdk_p50_ms${suffix}`, value: round(percentile(directTimes, 0.5)), unit: 'ms' },
      { name: `askai_p50_ms${suffix}`, value: round(percentile(askAiTimes, 0.5)), unit: 'ms' },
    );
  }

  const cachedInstruction = 'Write the sentence every template shares.';
  await viaAskAi(askAi, cachedInstruction);
  const hitTimes: number[] = [];
  for (let index = 0; index < 200; index += 1) hitTimes.push(await timed(() => viaAskAi(askAi, cachedInstruction)));
  metrics.push({ name: 'cache_hit_p50_ms', value: round(percentile(hitTimes, 0.5)), unit: 'ms' });

  // Throughput of cache misses with 100 calls in flight for a fixed time, next to the SDK alone.
  const throughput = async (call: () => Promise<unknown>, seconds: number) => {
    const endAt = performance.now() + seconds * 1000;
    let completed = 0;
    await Promise.all(
      Array.from({ length: 100 }, async () => {
        while (performance.now() < endAt) {
          await call();
          completed += 1;
        }
      }),
    );
    return completed / seconds;
  };
  const directRps = await throughput(() => direct(prompt()), 3);
  const askAiRps = await throughput(() => viaAskAi(askAi, prompt()), 3);
  metrics.push(
    { name: 'core_throughput_rps', value: round(askAiRps, 0), unit: 'requests/s' },
    { name: 'direct_sdk_throughput_rps', value: round(directRps, 0), unit: 'requests/s' },
    { name: 'provider_latency_ms', value: providerLatencyMs, unit: 'ms' },
  );

  child.stdin?.end();
  await firestore.close();
  for (const metric of metrics) process.stdout.write(`${JSON.stringify(metric)}\n`);
  process.exit(0);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
