import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import OpenAI from 'openai';
import { createDevelopmentToken } from '../backend/src/auth/development-token';
import { composeApp } from '../backend/src/compose-app';
import { loadConfig } from '../backend/src/platform/config';
import { connectFirestore, type FirestoreConnection } from '../backend/src/platform/firestore/connect-firestore';
import { createLogger } from '../backend/src/platform/logger';
import { startProcess, timed, type Metric } from './bench-processes';
import { percentile, round } from './statistics';

/**
 * The backend through its HTTP API, as Apps Script calls it:
 * - fill_20_tags_ratio: a 20-tag fill against a provider answering in 1 s, over a 1-tag fill, same run;
 *   the tags run in parallel, so the ideal is 1.
 * - http_overhead_p50/p99_ms: a 1-tag fill over HTTP (token check, membership, template and settings,
 *   askAI, execution record) minus a direct SDK call to the same 100 ms provider, calls alternating.
 * The providers and Firestore run in their own processes.
 */
const fillRounds = Number(process.env.BENCH_FILL_ROUNDS ?? '5');
const overheadSamples = Number(process.env.BENCH_HTTP_SAMPLES ?? '200');
const model = 'gpt-6-luna';
const bearer = `Bearer ${createDevelopmentToken({ sub: 'bench-user', email: 'bench@bench.example', hd: 'bench.example' })}`;

async function listen(
  providerUrl: string,
  firestore: FirestoreConnection,
): Promise<{ url: string; server: Server; drain(): Promise<void> }> {
  const config = loadConfig({
    AUTH_MODE: 'development',
    LOG_LEVEL: 'silent',
    OPENAI_API_KEY: 'sk-bench',
    OPENAI_BASE_URL: providerUrl,
    OPENAI_DEFAULT_MODEL: model,
    RATE_LIMIT_USER_PER_MINUTE: '1000000',
    RATE_LIMIT_ORGANISATION_PER_MINUTE: '1000000',
  });
  const { app, drain } = composeApp(config, firestore.firestore, createLogger({ level: 'silent' }));
  const server: Server = await new Promise((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server, drain };
}

let sequence = 0;
function fillBody(tags: number) {
  sequence += 1;
  return {
    documentId: `bench-document-${tags}`,
    fieldValues: { client: `Client ${sequence}` },
    // Distinct prompts every round: nothing may come from the response cache.
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

async function main(): Promise<void> {
  const slowProvider = await startProcess('provider-server-process.ts', { PROVIDER_LATENCY_MS: '1000' });
  const fastProvider = await startProcess('provider-server-process.ts', { PROVIDER_LATENCY_MS: '100' });
  const emulator = await startProcess('firestore-emulator-process.ts');
  const firestore = await connectFirestore({ emulatorHost: emulator.address });
  const slow = await listen(slowProvider.address, firestore);
  const fast = await listen(fastProvider.address, firestore);
  const client = new OpenAI({ apiKey: 'sk-bench', baseURL: fastProvider.address, maxRetries: 0 });
  const direct = () =>
    client.chat.completions.create({
      model,
      messages: [{ role: 'user', content: `Write one sentence, call ${(sequence += 1)}.` }],
      max_tokens: 64,
    });

  for (let index = 0; index < 3; index += 1) {
    await fill(slow.url, 1);
    await fill(slow.url, 20);
  }
  const single: number[] = [];
  const twenty: number[] = [];
  for (let round = 0; round < fillRounds; round += 1) {
    single.push(await timed(() => fill(slow.url, 1)));
    twenty.push(await timed(() => fill(slow.url, 20)));
  }

  for (let index = 0; index < 30; index += 1) {
    await direct();
    await fill(fast.url, 1);
  }
  const directTimes: number[] = [];
  const httpTimes: number[] = [];
  for (let index = 0; index < overheadSamples; index += 1) {
    directTimes.push(await timed(direct));
    httpTimes.push(await timed(() => fill(fast.url, 1)));
  }

  const metrics: Metric[] = [
    { name: 'fill_20_tags_ratio', value: round(percentile(twenty, 0.5) / percentile(single, 0.5)), unit: 'ratio' },
    { name: 'fill_20_tags_ms', value: round(percentile(twenty, 0.5), 0), unit: 'ms' },
    { name: 'fill_1_tag_ms', value: round(percentile(single, 0.5), 0), unit: 'ms' },
    { name: 'http_overhead_p50_ms', value: round(percentile(httpTimes, 0.5) - percentile(directTimes, 0.5)), unit: 'ms' },
    { name: 'http_overhead_p99_ms', value: round(percentile(httpTimes, 0.99) - percentile(directTimes, 0.99)), unit: 'ms' },
    { name: 'http_fill_p50_ms', value: round(percentile(httpTimes, 0.5)), unit: 'ms' },
    { name: 'http_samples', value: httpTimes.length, unit: 'calls' },
  ];

  await Promise.all(
    [slow, fast].map(async (backend) => {
      await new Promise<void>((resolve) => backend.server.close(() => resolve()));
      await backend.drain();
    }),
  );
  await firestore.close();
  for (const child of [slowProvider, fastProvider, emulator]) child.child.stdin?.end();
  for (const metric of metrics) process.stdout.write(`${JSON.stringify(metric)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
