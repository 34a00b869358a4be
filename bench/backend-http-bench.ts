import { cpus, totalmem } from 'node:os';
import OpenAI from 'openai';
import { createDevelopmentToken } from '../backend/src/auth/development-token';
import { buildBackend } from '../scripts/build-backend';
import { closedLoop, startProcess, timed, type Metric } from './bench-processes';
import { processCpuMs, productionCommand, startBuiltBackend, startPortkeyGateway, type ServerProcess } from './server-processes';
import { percentile, round } from './statistics';

/**
 * The backend's HTTP fill beside the open-source Portkey AI gateway, each in its own process, in one run:
 * - the backend is built (`npm run build:backend`) and started as `npm run start:production` starts it,
 *   logging at info; Portkey is started by its package's bin; both call the same stand-in provider, which
 *   runs in its own process, as does the Firestore emulator (Firestore is a remote service in production);
 * - server CPU per call: each server's CPU time (user + system, every thread, from /proc/<pid>/stat) over a
 *   phase, divided by the calls it served in that phase, for one call at a time and for 100 callers;
 * - added latency: a one-tag POST /v1/fills, and a chat completion proxied by Portkey, minus the same chat
 *   completion sent straight to the provider through the OpenAI SDK, percentile by percentile: one call at a
 *   time (the three alternating in blocks) and with 100 callers against a provider that answers in 1 s;
 * - fill_20_tags_ratio: a 20-tag fill against the 1 s provider over a 1-tag fill; tags run in parallel, so
 *   the ideal is 1.
 * Every line is JSON; the first names the machine and the sample counts, the last ones say whether each goal
 * of issue 18 holds.
 */
const sequentialSamples = Number(process.env.BENCH_HTTP_SAMPLES ?? '300');
const providerLatencyMs = Number(process.env.BENCH_PROVIDER_LATENCY_MS ?? '50');
const concurrentProviderLatencyMs = Number(process.env.BENCH_CONCURRENT_PROVIDER_LATENCY_MS ?? '1000');
const concurrentCallers = Number(process.env.BENCH_CONCURRENT_CALLERS ?? '100');
const concurrentPhaseMs = Number(process.env.BENCH_CONCURRENT_PHASE_MS ?? '6000');
const concurrentRounds = Number(process.env.BENCH_CONCURRENT_ROUNDS ?? '2');
const fillRounds = Number(process.env.BENCH_FILL_ROUNDS ?? '5');
const model = 'gpt-6-luna';
const bearer = `Bearer ${createDevelopmentToken({ sub: 'bench-user', email: 'bench@bench.example', hd: 'bench.example' })}`;

type Side = 'direct' | 'portkey' | 'backend';
const sides: readonly Side[] = ['direct', 'portkey', 'backend'];

let sequence = 0;
function fillBody(tags: number) {
  sequence += 1;
  return {
    documentId: `bench-document-${tags}`,
    fieldValues: { client: `Client ${sequence}` },
    // Distinct prompts every call: nothing may come from the response cache.
    tags: Array.from({ length: tags }, (_, index) => ({
      name: `section_${index}`,
      configuration: { prompt: `Write section ${index} for {{client}} (round ${sequence}).`, maxOutputTokens: 64 },
    })),
  };
}

async function fill(url: string, tags: number): Promise<void> {
  const response = await fetch(`${url}/v1/fills`, {
    method: 'POST',
    headers: { authorization: bearer, 'content-type': 'application/json' },
    body: JSON.stringify(fillBody(tags)),
  });
  const body = (await response.json()) as { status?: string; totals?: { generated: number } };
  if (response.status !== 200 || body.status !== 'completed' || body.totals?.generated !== tags)
    throw new Error(`fill failed: ${response.status} ${JSON.stringify(body).slice(0, 300)}`);
}

/** The three ways to the same provider: straight through the SDK, through Portkey, through a one-tag fill. */
function callsTo(providerAddress: string, portkey: ServerProcess, backend: ServerProcess): Record<Side, () => Promise<unknown>> {
  const direct = new OpenAI({ apiKey: 'sk-bench', baseURL: providerAddress, maxRetries: 0 });
  // How a client calls Portkey's open-source gateway for an OpenAI-compatible endpoint of its own.
  const viaPortkey = new OpenAI({
    apiKey: 'sk-bench',
    baseURL: `${portkey.url}/v1`,
    maxRetries: 0,
    defaultHeaders: { 'x-portkey-provider': 'openai', 'x-portkey-custom-host': providerAddress },
  });
  const completion = (client: OpenAI) => async () => {
    const answer = await client.chat.completions.create({
      model,
      messages: [{ role: 'user', content: `Write one sentence, call ${(sequence += 1)}.` }],
      max_tokens: 64,
    });
    if (!answer.choices[0]?.message.content) throw new Error('no completion');
  };
  return { direct: completion(direct), portkey: completion(viaPortkey), backend: () => fill(backend.url, 1) };
}

function settle(ms = 500): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function main(): Promise<void> {
  await buildBackend();
  const fastProvider = await startProcess('provider-server-process.ts', { PROVIDER_LATENCY_MS: String(providerLatencyMs) });
  const slowProvider = await startProcess('provider-server-process.ts', { PROVIDER_LATENCY_MS: String(concurrentProviderLatencyMs) });
  const emulator = await startProcess('firestore-emulator-process.ts');
  const backendFor = (providerAddress: string) =>
    startBuiltBackend({
      AUTH_MODE: 'development',
      FIRESTORE_EMULATOR_HOST: emulator.address,
      OPENAI_API_KEY: 'sk-bench',
      OPENAI_BASE_URL: providerAddress,
      OPENAI_DEFAULT_MODEL: model,
      RATE_LIMIT_USER_PER_MINUTE: '1000000',
      RATE_LIMIT_ORGANISATION_PER_MINUTE: '1000000',
    });
  const fastBackend = await backendFor(fastProvider.address);
  const slowBackend = await backendFor(slowProvider.address);
  const portkey = await startPortkeyGateway();
  const fast = callsTo(fastProvider.address, portkey, fastBackend);
  const slow = callsTo(slowProvider.address, portkey, slowBackend);

  // Warm every path (JIT, connections for 100 callers) before measuring.
  for (const side of sides) await closedLoop(20, 2000, fast[side]);
  await Promise.all(sides.flatMap((side) => Array.from({ length: concurrentCallers }, () => slow[side]())));
  await settle();

  // One call at a time, the three alternating in blocks of 20 (the order turning block by block). Each server's
  // CPU is taken over the whole phase: what it does between its own calls (timers) is part of its cost.
  const sequential: Record<Side, number[]> = { direct: [], portkey: [], backend: [] };
  const emulatorPid = emulator.child.pid as number;
  const sequentialCpu = { portkey: processCpuMs(portkey.pid), backend: processCpuMs(fastBackend.pid), emulator: processCpuMs(emulatorPid) };
  for (let block = 0; sequential.backend.length < sequentialSamples; block += 1) {
    for (let turn = 0; turn < sides.length; turn += 1) {
      const side = sides[(block + turn) % sides.length] as Side;
      for (let index = 0; index < 20; index += 1) sequential[side].push(await timed(fast[side]));
    }
  }
  await settle();
  const sequentialCpuPerCall = {
    portkey: (processCpuMs(portkey.pid) - sequentialCpu.portkey) / sequential.portkey.length,
    backend: (processCpuMs(fastBackend.pid) - sequentialCpu.backend) / sequential.backend.length,
    // Firestore's own work: a remote service in production, here a process sharing the two cores.
    emulator: (processCpuMs(emulatorPid) - sequentialCpu.emulator) / sequential.backend.length,
  };

  // 100 callers, each calling again as soon as it is answered, against the 1 s provider; phase by phase, the
  // order turning round by round. A server's CPU is taken over its own phases and the settling after them.
  const concurrent: Record<Side, number[]> = { direct: [], portkey: [], backend: [] };
  const concurrentCpu = { portkey: 0, backend: 0 };
  const concurrentServers = { portkey, backend: slowBackend };
  for (let roundIndex = 0; roundIndex < concurrentRounds; roundIndex += 1) {
    for (let turn = 0; turn < sides.length; turn += 1) {
      const side = sides[(roundIndex + turn) % sides.length] as Side;
      const server = side === 'direct' ? undefined : concurrentServers[side];
      const cpuBefore = server ? processCpuMs(server.pid) : 0;
      concurrent[side].push(...(await closedLoop(concurrentCallers, concurrentPhaseMs, slow[side], concurrentProviderLatencyMs)));
      await settle();
      if (server && side !== 'direct') concurrentCpu[side] += processCpuMs(server.pid) - cpuBefore;
    }
  }

  // A 20-tag fill over a 1-tag fill, against the 1 s provider.
  for (let index = 0; index < 3; index += 1) {
    await fill(slowBackend.url, 1);
    await fill(slowBackend.url, 20);
  }
  const single: number[] = [];
  const twenty: number[] = [];
  for (let roundIndex = 0; roundIndex < fillRounds; roundIndex += 1) {
    single.push(await timed(() => fill(slowBackend.url, 1)));
    twenty.push(await timed(() => fill(slowBackend.url, 20)));
  }

  const added = (times: Record<Side, number[]>, side: 'portkey' | 'backend', fraction: number) =>
    round(percentile(times[side], fraction) - percentile(times.direct, fraction));
  const figures = {
    portkeyCpu: round(sequentialCpuPerCall.portkey, 2),
    backendCpu: round(sequentialCpuPerCall.backend, 2),
    portkeyCpuC100: round(concurrentCpu.portkey / concurrent.portkey.length, 2),
    backendCpuC100: round(concurrentCpu.backend / concurrent.backend.length, 2),
    portkeyP50: added(sequential, 'portkey', 0.5),
    portkeyP99: added(sequential, 'portkey', 0.99),
    backendP50: added(sequential, 'backend', 0.5),
    backendP99: added(sequential, 'backend', 0.99),
    portkeyP50C100: added(concurrent, 'portkey', 0.5),
    portkeyP99C100: added(concurrent, 'portkey', 0.99),
    backendP50C100: added(concurrent, 'backend', 0.5),
    backendP99C100: added(concurrent, 'backend', 0.99),
    twentyTagRatio: round(percentile(twenty, 0.5) / percentile(single, 0.5)),
  };
  const ratio = (backend: number, portkeyFigure: number) => round(backend / Math.max(portkeyFigure, 0.01));
  const cpuModel = cpus()[0]?.model ?? 'unknown';
  const lines: Array<Metric & Record<string, unknown>> = [
    {
      name: 'machine',
      value: cpus().length,
      unit: 'cores',
      cpu: cpuModel,
      memoryGb: round(totalmem() / 2 ** 30, 0),
      node: process.version,
      backendCommand: `node ${productionCommand().join(' ')}`,
      samples: {
        sequential: { direct: sequential.direct.length, portkey: sequential.portkey.length, backend: sequential.backend.length },
        concurrent: { direct: concurrent.direct.length, portkey: concurrent.portkey.length, backend: concurrent.backend.length },
        fillRounds,
      },
      providerLatencyMs: { sequential: providerLatencyMs, concurrent: concurrentProviderLatencyMs },
      concurrentCallers,
    },
    { name: 'portkey_cpu_ms_per_call', value: figures.portkeyCpu, unit: 'ms' },
    { name: 'backend_cpu_ms_per_fill', value: figures.backendCpu, unit: 'ms' },
    { name: 'cpu_ratio_backend_over_portkey', value: ratio(figures.backendCpu, figures.portkeyCpu), unit: 'ratio' },
    { name: 'firestore_emulator_cpu_ms_per_fill', value: round(sequentialCpuPerCall.emulator, 2), unit: 'ms' },
    { name: 'portkey_cpu_ms_per_call_c100', value: figures.portkeyCpuC100, unit: 'ms' },
    { name: 'backend_cpu_ms_per_fill_c100', value: figures.backendCpuC100, unit: 'ms' },
    { name: 'cpu_ratio_backend_over_portkey_c100', value: ratio(figures.backendCpuC100, figures.portkeyCpuC100), unit: 'ratio' },
    { name: 'portkey_added_p50_ms', value: figures.portkeyP50, unit: 'ms' },
    { name: 'portkey_added_p99_ms', value: figures.portkeyP99, unit: 'ms' },
    { name: 'backend_added_p50_ms', value: figures.backendP50, unit: 'ms' },
    { name: 'backend_added_p99_ms', value: figures.backendP99, unit: 'ms' },
    { name: 'added_p50_ratio_backend_over_portkey', value: ratio(figures.backendP50, figures.portkeyP50), unit: 'ratio' },
    { name: 'portkey_added_p50_ms_c100', value: figures.portkeyP50C100, unit: 'ms' },
    { name: 'portkey_added_p99_ms_c100', value: figures.portkeyP99C100, unit: 'ms' },
    { name: 'backend_added_p50_ms_c100', value: figures.backendP50C100, unit: 'ms' },
    { name: 'backend_added_p99_ms_c100', value: figures.backendP99C100, unit: 'ms' },
    { name: 'added_p50_ratio_backend_over_portkey_c100', value: ratio(figures.backendP50C100, figures.portkeyP50C100), unit: 'ratio' },
    { name: 'direct_sdk_p50_ms', value: round(percentile(sequential.direct, 0.5)), unit: 'ms' },
    { name: 'direct_sdk_p50_ms_c100', value: round(percentile(concurrent.direct, 0.5)), unit: 'ms' },
    { name: 'fill_20_tags_ratio', value: figures.twentyTagRatio, unit: 'ratio' },
    { name: 'fill_20_tags_ms', value: round(percentile(twenty, 0.5), 0), unit: 'ms' },
    { name: 'fill_1_tag_ms', value: round(percentile(single, 0.5), 0), unit: 'ms' },
    // The goals of issue 18, each 1 when it holds in this run.
    { name: 'goal_cpu_per_fill_at_most_portkey', value: Number(figures.backendCpu <= figures.portkeyCpu), unit: 'met' },
    {
      name: 'goal_added_p50_c100_at_most_max_10ms_3x_portkey',
      value: Number(figures.backendP50C100 <= Math.max(10, 3 * figures.portkeyP50C100)),
      unit: 'met',
    },
    { name: 'goal_added_p99_c100_at_most_50ms', value: Number(figures.backendP99C100 <= 50), unit: 'met' },
    { name: 'goal_20_tags_at_most_1_3x', value: Number(figures.twentyTagRatio <= 1.3), unit: 'met' },
  ];

  await Promise.all([fastBackend.stop(), slowBackend.stop(), portkey.stop()]);
  for (const child of [fastProvider, slowProvider, emulator]) child.child.stdin?.end();
  for (const line of lines) process.stdout.write(`${JSON.stringify(line)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
