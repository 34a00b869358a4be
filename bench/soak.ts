/**
 * `npm run soak`: the built backend in its own process (as in production), on the Firestore emulator and the
 * OpenAI stand-in (each in its own process), sent fills at a steady rate for minutes. It prints JSON lines:
 * how many fills failed (any answer but a completed fill), their latency, the error lines the backend logged,
 * and its memory over time (resident and heap, sampled from /metrics), with the heap's trend after warm-up.
 *
 * SOAK_SECONDS (180), SOAK_FILLS_PER_SECOND (5), SOAK_TAGS_PER_FILL (3), SOAK_PROVIDER_LATENCY_MS (300).
 */
import { randomUUID } from 'node:crypto';
import { startBackendChild, stopAll } from '../test/support/processes/backend-child';
import { callerHeaders } from '../test/support/processes/caller-headers';
import { startFirestoreEmulatorChild } from '../test/support/processes/firestore-emulator-child';
import { startProviderChild } from '../test/support/processes/provider-child';
import { percentile, round } from './statistics';

const seconds = Number(process.env.SOAK_SECONDS ?? '180');
const fillsPerSecond = Number(process.env.SOAK_FILLS_PER_SECOND ?? '5');
const tagsPerFill = Number(process.env.SOAK_TAGS_PER_FILL ?? '3');
const providerLatencyMs = Number(process.env.SOAK_PROVIDER_LATENCY_MS ?? '300');
const sampleEveryMs = 2000;

const print = (line: Record<string, unknown>) => process.stdout.write(`${JSON.stringify(line)}\n`);

/** Least-squares slope of `values` over `times` (per the time unit given). */
function slope(times: number[], values: number[]): number {
  const count = times.length;
  if (count < 2) return 0;
  const meanTime = times.reduce((sum, time) => sum + time, 0) / count;
  const meanValue = values.reduce((sum, value) => sum + value, 0) / count;
  let numerator = 0;
  let denominator = 0;
  for (let index = 0; index < count; index += 1) {
    numerator += ((times[index] as number) - meanTime) * ((values[index] as number) - meanValue);
    denominator += ((times[index] as number) - meanTime) ** 2;
  }
  return denominator === 0 ? 0 : numerator / denominator;
}

async function memoryOf(url: string): Promise<{ residentMb: number; heapMb: number }> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const read = (name: string) => Number(new RegExp(`^${name} (\\S+)`, 'm').exec(text)?.[1] ?? Number.NaN) / 1024 / 1024;
  return { residentMb: read('process_resident_memory_bytes'), heapMb: read('nodejs_heap_size_used_bytes') };
}

async function main(): Promise<void> {
  const [emulator, provider] = await Promise.all([startFirestoreEmulatorChild(), startProviderChild()]);
  await provider.setLatency(providerLatencyMs);
  const backend = await startBackendChild({
    firestoreHost: emulator.host,
    openAIBaseUrl: provider.baseUrl,
    environment: { AI_RETRY_BASE_DELAY_MS: '1', RATE_LIMIT_USER_PER_MINUTE: '100000', RATE_LIMIT_ORGANISATION_PER_MINUTE: '100000' },
  });
  const caller = callerHeaders('domain:soak.example', 'owner@soak.example');
  const headers = { ...caller, 'content-type': 'application/json' };
  const saved = await fetch(`${backend.url}/v1/settings`, {
    method: 'PUT',
    headers,
    body: JSON.stringify({ baseVersion: 0, settings: { budgets: { organisation: { dailyUsd: 10_000 } }, cacheTtlSeconds: 0 } }),
  });
  if (saved.status !== 200) throw new Error(`settings: ${saved.status} ${await saved.text()}`);

  const latencies: number[] = [];
  const failures = new Map<string, number>();
  const samples: Array<{ atSeconds: number; residentMb: number; heapMb: number }> = [];
  const startedAt = Date.now();
  const fill = async (index: number) => {
    const from = performance.now();
    try {
      const response = await fetch(`${backend.url}/v1/fills`, {
        method: 'POST',
        headers,
        body: JSON.stringify({
          fillId: randomUUID(),
          waitSeconds: 30,
          documentId: `soak-${index % 50}`,
          fieldValues: { client_name: `Client ${index}` },
          tags: Array.from({ length: tagsPerFill }, (_, tag) => ({
            name: `tag_${tag}`,
            configuration: { prompt: `Write part ${tag} for {{client_name}}.`, maxOutputTokens: 200 },
          })),
        }),
      });
      const body = (await response.json()) as { status?: string };
      const outcome = response.status === 200 ? String(body.status) : `http ${response.status}`;
      if (outcome !== 'completed') failures.set(outcome, (failures.get(outcome) ?? 0) + 1);
    } catch (error) {
      const name = error instanceof Error ? error.message : String(error);
      failures.set(name, (failures.get(name) ?? 0) + 1);
    }
    latencies.push(performance.now() - from);
  };

  const sampler = setInterval(() => {
    void memoryOf(backend.url).then((memory) => samples.push({ atSeconds: round((Date.now() - startedAt) / 1000, 1), ...memory }));
  }, sampleEveryMs);
  const inFlight: Promise<void>[] = [];
  // Open loop: a fill starts every 1/rate seconds whether or not the earlier ones have answered.
  for (let index = 0; Date.now() - startedAt < seconds * 1000; index += 1) {
    inFlight.push(fill(index));
    const nextAt = startedAt + ((index + 1) * 1000) / fillsPerSecond;
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, nextAt - Date.now())));
  }
  await Promise.all(inFlight);
  clearInterval(sampler);
  samples.push({ atSeconds: round((Date.now() - startedAt) / 1000, 1), ...(await memoryOf(backend.url)) });

  const errorLines = backend.logs().filter((line) => line.level === 'error' || line.level === 'fatal');
  // The first minute warms up (JIT, caches, connection pools); the trend after it says whether memory leaks.
  const settled = samples.filter((sample) => sample.atSeconds >= Math.min(60, seconds / 3));
  print({ name: 'soak_fills', value: latencies.length, unit: 'fills', seconds, fillsPerSecond, tagsPerFill });
  print({
    name: 'soak_failed_fills',
    value: [...failures.values()].reduce((sum, count) => sum + count, 0),
    unit: 'fills',
    by: Object.fromEntries(failures),
  });
  print({ name: 'soak_backend_error_log_lines', value: errorLines.length, unit: 'lines', first: errorLines.slice(0, 3) });
  print({ name: 'soak_fill_latency_p50', value: round(percentile(latencies, 0.5)), unit: 'ms' });
  print({ name: 'soak_fill_latency_p99', value: round(percentile(latencies, 0.99)), unit: 'ms' });
  print({
    name: 'soak_resident_memory',
    value: round(samples.at(-1)?.residentMb ?? 0),
    unit: 'MB',
    first: round(samples[0]?.residentMb ?? 0),
    max: round(Math.max(...samples.map((sample) => sample.residentMb))),
  });
  print({
    name: 'soak_heap_used',
    value: round(samples.at(-1)?.heapMb ?? 0),
    unit: 'MB',
    first: round(samples[0]?.heapMb ?? 0),
    max: round(Math.max(...samples.map((sample) => sample.heapMb))),
  });
  // The heap saws up and down with each collection; its floor (the least used in each minute) is what grows
  // when memory leaks.
  const floors = Array.from({ length: Math.ceil(seconds / 60) }, (_, minute) =>
    Math.min(
      ...samples.filter((sample) => sample.atSeconds >= minute * 60 && sample.atSeconds < (minute + 1) * 60).map((sample) => sample.heapMb),
    ),
  );
  print({ name: 'soak_heap_floor_by_minute', value: round(floors.at(-1) ?? 0), unit: 'MB', floors: floors.map((floor) => round(floor)) });
  print({
    name: 'soak_heap_trend_after_warm_up',
    value: round(
      slope(
        settled.map((sample) => sample.atSeconds / 60),
        settled.map((sample) => sample.heapMb),
      ),
    ),
    unit: 'MB/min',
  });
  print({
    name: 'soak_resident_trend_after_warm_up',
    value: round(
      slope(
        settled.map((sample) => sample.atSeconds / 60),
        settled.map((sample) => sample.residentMb),
      ),
    ),
    unit: 'MB/min',
  });
  await stopAll();
}

main().catch(async (error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  await stopAll();
  process.exit(1);
});
