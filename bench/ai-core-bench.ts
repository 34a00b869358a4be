import OpenAI from 'openai';
import { composeAskAi } from '../backend/src/ai/compose-ask-ai';
import type { AskAi, AskAiRequest } from '../backend/src/ai/ask-ai-types';
import { loadConfig } from '../backend/src/platform/config';
import { connectFirestore } from '../backend/src/platform/firestore/connect-firestore';
import { closedLoop, startProcess, timed, type Metric } from './bench-processes';
import { percentile, round } from './statistics';

/**
 * askAI's own cost: the same chat completion through askAI (settings, cache lookup, budget admission on
 * leased sharded counters, model selection, token limit, execute, usage record and cache store; Firestore
 * is the emulator in its own process, as Firestore is remote in production) and straight through the
 * OpenAI SDK, against one stand-in server with a fixed latency in another process. Overhead = askAI latency − direct latency at the same percentile, measured
 * in interleaved rounds of the same run.
 */

// Real completions take seconds; 100 ms keeps 100 concurrent calls (about 1,000 calls/s) below what 2 cores
// can drive through the SDK alone (about 1,600 calls/s here), so the figures show askAI's own latency
// rather than CPU queueing.
const providerLatencyMs = Number(process.env.BENCH_PROVIDER_LATENCY_MS ?? '100');
const sequentialSamples = Number(process.env.BENCH_SEQUENTIAL_SAMPLES ?? '300');
const concurrentPhaseMs = Number(process.env.BENCH_PHASE_MS ?? '1500');
const organisationId = 'domain:bench.example';
const model = 'gpt-4o-mini';

async function main(): Promise<void> {
  const provider = await startProcess('provider-server-process.ts', { PROVIDER_LATENCY_MS: String(providerLatencyMs) });
  const emulator = await startProcess('firestore-emulator-process.ts');
  const baseUrl = provider.address;
  const firestore = await connectFirestore({ emulatorHost: emulator.address });
  const config = loadConfig({ AUTH_MODE: 'development', LOG_LEVEL: 'silent', OPENAI_API_KEY: 'sk-bench', OPENAI_BASE_URL: baseUrl, OPENAI_DEFAULT_MODEL: model });
  // Budgets on every scope: the full reserve-then-check path, the slowest one askAI has.
  await firestore.firestore.doc(`orgs/${organisationId}/settings/ai`).set({
    current: { budgets: { organisation: { dailyUsd: 1_000_000, monthlyUsd: 1_000_000 }, perUser: { dailyUsd: 1_000_000, monthlyUsd: 1_000_000 } } },
  });
  const { askAi, drain } = composeAskAi(config, firestore.firestore);
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
  const record = (suffix: string, directTimes: number[], askAiTimes: number[]) =>
    metrics.push(
      { name: `core_overhead_p50_ms${suffix}`, value: round(percentile(askAiTimes, 0.5) - percentile(directTimes, 0.5)), unit: 'ms' },
      { name: `core_overhead_p99_ms${suffix}`, value: round(percentile(askAiTimes, 0.99) - percentile(directTimes, 0.99)), unit: 'ms' },
      { name: `direct_sdk_p50_ms${suffix}`, value: round(percentile(directTimes, 0.5)), unit: 'ms' },
      { name: `askai_p50_ms${suffix}`, value: round(percentile(askAiTimes, 0.5)), unit: 'ms' },
      { name: `samples${suffix}`, value: askAiTimes.length, unit: 'calls' },
    );

  // One call at a time, the two paths alternating call by call.
  const sequentialDirect: number[] = [];
  const sequentialAskAi: number[] = [];
  for (let index = 0; index < sequentialSamples; index += 1) {
    sequentialDirect.push(await timed(() => direct(prompt())));
    sequentialAskAi.push(await timed(() => viaAskAi(askAi, prompt())));
  }
  record('', sequentialDirect, sequentialAskAi);

  // 100 calls in flight at all times, the two paths alternating phase by phase.
  const concurrentDirect: number[] = [];
  const concurrentAskAi: number[] = [];
  for (let phase = 0; phase < 4; phase += 1) {
    concurrentDirect.push(...(await closedLoop(100, concurrentPhaseMs, () => direct(prompt()))));
    concurrentAskAi.push(...(await closedLoop(100, concurrentPhaseMs, () => viaAskAi(askAi, prompt()))));
  }
  record('_c100', concurrentDirect, concurrentAskAi);
  metrics.push(
    { name: 'core_throughput_rps', value: round(concurrentAskAi.length / ((4 * concurrentPhaseMs) / 1000), 0), unit: 'requests/s' },
    { name: 'direct_sdk_throughput_rps', value: round(concurrentDirect.length / ((4 * concurrentPhaseMs) / 1000), 0), unit: 'requests/s' },
  );

  const cachedInstruction = 'Write the sentence every template shares.';
  await viaAskAi(askAi, cachedInstruction);
  const hitTimes: number[] = [];
  for (let index = 0; index < 200; index += 1) hitTimes.push(await timed(() => viaAskAi(askAi, cachedInstruction)));
  metrics.push({ name: 'cache_hit_p50_ms', value: round(percentile(hitTimes, 0.5)), unit: 'ms' });

  metrics.push({ name: 'provider_latency_ms', value: providerLatencyMs, unit: 'ms' });

  // Usage records and the budget checks that follow them finish before Firestore goes away.
  await drain();
  await firestore.close();
  provider.child.stdin?.end();
  emulator.child.stdin?.end();
  for (const metric of metrics) process.stdout.write(`${JSON.stringify(metric)}\n`);
  process.exit(0);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
