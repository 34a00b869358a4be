import OpenAI from 'openai';
import { composeAskAi } from '../backend/src/ai/compose-ask-ai';
import { createBudgetAlertsRepository } from '../backend/src/alerts/budget-alerts-repository';
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
// 0.8 ms of this process's CPU a call, so even the direct side nearly saturates it): that run gives the
// throughput and CPU per call, and its latency difference is reported as saturation, not as overhead.
const providerLatencyMs = Number(process.env.BENCH_PROVIDER_LATENCY_MS ?? '100');
const concurrentProviderLatencyMs = Number(process.env.BENCH_CONCURRENT_PROVIDER_LATENCY_MS ?? '1000');
const sequentialSamples = Number(process.env.BENCH_SEQUENTIAL_SAMPLES ?? '300');
const concurrentPhaseMs = Number(process.env.BENCH_CONCURRENT_PHASE_MS ?? '4000');
const saturatedPhaseMs = Number(process.env.BENCH_PHASE_MS ?? '1500');
const organisationId = 'domain:bench.example';
const model = 'gpt-6-luna';

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
    current: {
      budgets: { organisation: { dailyUsd: 1_000_000, monthlyUsd: 1_000_000 }, perUser: { dailyUsd: 1_000_000, monthlyUsd: 1_000_000 } },
    },
  });
  const pathsTo = (baseUrl: string): Paths => {
    const config = loadConfig({
      AUTH_MODE: 'development',
      LOG_LEVEL: 'silent',
      OPENAI_API_KEY: 'sk-bench',
      OPENAI_BASE_URL: baseUrl,
      OPENAI_DEFAULT_MODEL: model,
    });
    const { askAi, drain } = composeAskAi(config, firestore.firestore, undefined, undefined, {
      budgetAlerts: createBudgetAlertsRepository(firestore.firestore),
    });
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
  const direct = (paths: Paths) => () =>
    paths.client.chat.completions.create({ model, messages: [{ role: 'user', content: prompt() }], max_tokens: 64 });
  const viaAskAi = (paths: Paths) => () => paths.askAi(askRequest(prompt()));

  // Warm both paths (connections for 100 callers, JIT, tokenizer tables) on both providers before measuring.
  for (const call of [direct(fast), viaAskAi(fast)]) await closedLoop(100, 1000, call, providerLatencyMs);
  await Promise.all(Array.from({ length: 100 }, () => Promise.all([direct(slow)(), viaAskAi(slow)()])));
  await settle();

  const metrics: Metric[] = [];
  const record = (suffix: string, directTimes: number[], askAiTimes: number[]) =>
    metrics.push(
      { name: `core_overhead_p50_ms${suffix}`, value: round(percentile(askAiTimes, 0.5) - percentile(directTimes, 0.5)), unit: 'ms' },
      { name: `core_overhead_p99_ms${suffix}`, value: round(percentile(askAiTimes, 0.99) - percentile(directTimes, 0.99)), unit: 'ms' },
      { name: `direct_sdk_p50_ms${suffix}`, value: round(percentile(directTimes, 0.5)), unit: 'ms' },
      { name: `askai_p50_ms${suffix}`, value: round(percentile(askAiTimes, 0.5)), unit: 'ms' },
      { name: `samples${suffix}`, value: askAiTimes.length, unit: 'calls' },
    );

  // One call at a time, the two paths alternating in blocks of 30 calls, so askAI's usage writes (50 ms after
  // each call) land in askAI's own later calls, never in a direct call.
  const sequential = { direct: [] as number[], askAi: [] as number[] };
  for (let block = 0; sequential.askAi.length < sequentialSamples; block += 1) {
    for (const side of block % 2 === 0 ? (['direct', 'askAi'] as const) : (['askAi', 'direct'] as const)) {
      for (let index = 0; index < 30; index += 1) sequential[side].push(await timed(side === 'direct' ? direct(fast) : viaAskAi(fast)));
      await settle();
    }
  }
  record('', sequential.direct, sequential.askAi);

  // 100 calls in flight at all times, the two paths alternating phase by phase (and which goes first, round
  // by round). The callers start spread over one provider latency, as requests from many users arrive, rather
  // than all in the same millisecond. After each phase its usage writes finish before the next phase starts.
  const concurrent = { direct: [] as number[], askAi: [] as number[] };
  for (let round = 0; round < 4; round += 1) {
    for (const side of round % 2 === 0 ? (['direct', 'askAi'] as const) : (['askAi', 'direct'] as const)) {
      concurrent[side].push(
        ...(await closedLoop(100, concurrentPhaseMs, side === 'direct' ? direct(slow) : viaAskAi(slow), concurrentProviderLatencyMs)),
      );
      await settle();
    }
  }
  record('_c100', concurrent.direct, concurrent.askAi);

  // The same 100 callers against the 100 ms provider: as many calls as one process serves. askAI saturates the
  // event loop here and the direct SDK nearly does, so the latency difference is CPU queueing, not a per-call
  // overhead; it is reported as such. A phase's CPU includes the settling after it (its usage writes).
  const saturated = { direct: [] as number[], askAi: [] as number[] };
  const cpu = { direct: 0, askAi: 0 };
  for (let round = 0; round < 4; round += 1) {
    for (const side of round % 2 === 0 ? (['direct', 'askAi'] as const) : (['askAi', 'direct'] as const)) {
      const startedCpu = process.cpuUsage();
      saturated[side].push(
        ...(await closedLoop(100, saturatedPhaseMs, side === 'direct' ? direct(fast) : viaAskAi(fast), providerLatencyMs)),
      );
      await settle();
      cpu[side] += cpuMs(process.cpuUsage(startedCpu));
    }
  }
  metrics.push(
    {
      name: 'saturated_latency_delta_p50_ms',
      value: round(percentile(saturated.askAi, 0.5) - percentile(saturated.direct, 0.5)),
      unit: 'ms',
    },
    {
      name: 'saturated_latency_delta_p99_ms',
      value: round(percentile(saturated.askAi, 0.99) - percentile(saturated.direct, 0.99)),
      unit: 'ms',
    },
    { name: 'core_throughput_rps', value: round(saturated.askAi.length / ((4 * saturatedPhaseMs) / 1000), 0), unit: 'requests/s' },
    { name: 'direct_sdk_throughput_rps', value: round(saturated.direct.length / ((4 * saturatedPhaseMs) / 1000), 0), unit: 'requests/s' },
    // This process only: the Firestore emulator's own CPU (Firestore is remote in production) is not in it.
    { name: 'askai_process_cpu_ms_per_call', value: round(cpu.askAi / saturated.askAi.length, 3), unit: 'ms' },
    { name: 'direct_sdk_process_cpu_ms_per_call', value: round(cpu.direct / saturated.direct.length, 3), unit: 'ms' },
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

/** Long enough for the usage writer's wait (50 ms) and its commits, so a phase's writes never land in the next. */
function settle(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 500));
}

function cpuMs(usage: NodeJS.CpuUsage): number {
  return (usage.user + usage.system) / 1000;
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
