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
 * OpenAI SDK, against stand-in servers with a fixed latency in other processes. Overhead = askAI latency −
 * direct latency at the same percentile, measured in interleaved rounds of the same run.
 */

// One call at a time against a 100 ms provider. At 100 concurrent calls the provider takes a second, as a
// short real completion does: 100 calls in flight are then about 100 calls a second, and the figure is what
// askAI adds to each of them. The same 100 callers against the 100 ms provider ask about 1,000 calls a second
// of one event loop, more than askAI plus the SDK can serve on this machine (the SDK alone takes about
// 0.7 ms of CPU a call): that saturated run gives the throughput and is reported as such.
const providerLatencyMs = Number(process.env.BENCH_PROVIDER_LATENCY_MS ?? '100');
const concurrentProviderLatencyMs = Number(process.env.BENCH_CONCURRENT_PROVIDER_LATENCY_MS ?? '1000');
const sequentialSamples = Number(process.env.BENCH_SEQUENTIAL_SAMPLES ?? '300');
const concurrentPhaseMs = Number(process.env.BENCH_CONCURRENT_PHASE_MS ?? '4000');
const saturatedPhaseMs = Number(process.env.BENCH_PHASE_MS ?? '1500');
const organisationId = 'domain:bench.example';
const model = 'gpt-4o-mini';

/** One askAI and one plain SDK client, both for the same stand-in provider. */
interface Paths {
  askAi: AskAi;
  drain(): Promise<void>;
  client: OpenAI;
}

async function main(): Promise<void> {
  const provider = await startProcess('provider-server-process.ts', { PROVIDER_LATENCY_MS: String(providerLatencyMs) });
  const slowProvider = await startProcess('provider-server-process.ts', { PROVIDER_LATENCY_MS: String(concurrentProviderLatencyMs) });
  const emulator = await startProcess('firestore-emulator-process.ts');
  const firestore = await connectFirestore({ emulatorHost: emulator.address });
  // Budgets on every scope: the full reserve-then-check path, the slowest one askAI has.
  await firestore.firestore.doc(`orgs/${organisationId}/settings/ai`).set({
    current: { budgets: { organisation: { dailyUsd: 1_000_000, monthlyUsd: 1_000_000 }, perUser: { dailyUsd: 1_000_000, monthlyUsd: 1_000_000 } } },
  });
  const pathsTo = (baseUrl: string): Paths => {
    const config = loadConfig({ AUTH_MODE: 'development', LOG_LEVEL: 'silent', OPENAI_API_KEY: 'sk-bench', OPENAI_BASE_URL: baseUrl, OPENAI_DEFAULT_MODEL: model });
    const { askAi, drain } = composeAskAi(config, firestore.firestore);
    return { askAi, drain, client: new OpenAI({ apiKey: 'sk-bench', baseURL: baseUrl, maxRetries: 0 }) };
  };
  const fast = pathsTo(provider.address);
  const slow = pathsTo(slowProvider.address);

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
  const direct = (paths: Paths) => () => paths.client.chat.completions.create({ model, messages: [{ role: 'user', content: prompt() }], max_tokens: 64 });
  const viaAskAi = (paths: Paths) => () => paths.askAi(askRequest(prompt()));

  // Warm both paths (connections, JIT, tokenizer tables) before measuring.
  for (let index = 0; index < 30; index += 1) {
    await direct(fast)();
    await viaAskAi(fast)();
  }
  await Promise.all(Array.from({ length: 20 }, () => Promise.all([direct(slow)(), viaAskAi(slow)()])));

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
    sequentialDirect.push(await timed(direct(fast)));
    sequentialAskAi.push(await timed(viaAskAi(fast)));
  }
  record('', sequentialDirect, sequentialAskAi);

  // 100 calls in flight at all times, the two paths alternating phase by phase. The callers start spread over
  // one provider latency, as requests from many users arrive, rather than all in the same millisecond.
  const concurrentDirect: number[] = [];
  const concurrentAskAi: number[] = [];
  for (let phase = 0; phase < 4; phase += 1) {
    concurrentDirect.push(...(await closedLoop(100, concurrentPhaseMs, direct(slow), concurrentProviderLatencyMs)));
    concurrentAskAi.push(...(await closedLoop(100, concurrentPhaseMs, viaAskAi(slow), concurrentProviderLatencyMs)));
  }
  record('_c100', concurrentDirect, concurrentAskAi);

  // The same 100 callers against the 100 ms provider: as many calls as one process serves.
  const saturatedDirect: number[] = [];
  const saturatedAskAi: number[] = [];
  const cpu = { direct: 0, askAi: 0 };
  for (let phase = 0; phase < 4; phase += 1) {
    let startedCpu = process.cpuUsage();
    saturatedDirect.push(...(await closedLoop(100, saturatedPhaseMs, direct(fast), providerLatencyMs)));
    cpu.direct += cpuMs(process.cpuUsage(startedCpu));
    startedCpu = process.cpuUsage();
    saturatedAskAi.push(...(await closedLoop(100, saturatedPhaseMs, viaAskAi(fast), providerLatencyMs)));
    cpu.askAi += cpuMs(process.cpuUsage(startedCpu));
  }
  record('_c100_saturated', saturatedDirect, saturatedAskAi);
  metrics.push(
    { name: 'core_throughput_rps', value: round(saturatedAskAi.length / ((4 * saturatedPhaseMs) / 1000), 0), unit: 'requests/s' },
    { name: 'direct_sdk_throughput_rps', value: round(saturatedDirect.length / ((4 * saturatedPhaseMs) / 1000), 0), unit: 'requests/s' },
    { name: 'askai_cpu_ms_per_call', value: round(cpu.askAi / saturatedAskAi.length, 3), unit: 'ms' },
    { name: 'direct_sdk_cpu_ms_per_call', value: round(cpu.direct / saturatedDirect.length, 3), unit: 'ms' },
  );

  const cachedInstruction = 'Write the sentence every template shares.';
  await fast.askAi(askRequest(cachedInstruction));
  const hitTimes: number[] = [];
  for (let index = 0; index < 200; index += 1) hitTimes.push(await timed(() => fast.askAi(askRequest(cachedInstruction))));
  metrics.push({ name: 'cache_hit_p50_ms', value: round(percentile(hitTimes, 0.5)), unit: 'ms' });

  metrics.push(
    { name: 'provider_latency_ms', value: providerLatencyMs, unit: 'ms' },
    { name: 'provider_latency_ms_c100', value: concurrentProviderLatencyMs, unit: 'ms' },
  );

  // Usage records and the budget checks that follow them finish before Firestore goes away.
  await fast.drain();
  await slow.drain();
  await firestore.close();
  for (const child of [provider, slowProvider, emulator]) child.child.stdin?.end();
  for (const metric of metrics) process.stdout.write(`${JSON.stringify(metric)}\n`);
  process.exit(0);
}

function cpuMs(usage: NodeJS.CpuUsage): number {
  return (usage.user + usage.system) / 1000;
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
