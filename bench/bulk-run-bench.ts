import { cpus, totalmem } from 'node:os';
import type { BulkRunProgress, StartSheetRunOutcome, WorkOnRunsOutcome } from '../addon/shared/bulk-run-contract';
import type { SaveTemplateOutcome, SidebarState } from '../addon/shared/sidebar-contract';
import type { DocumentSpec } from '../harness/fakes/document-service';
import { startHarness } from '../harness/server/start-harness';
import { buildAddon } from '../scripts/build-addon';
import { buildBackend } from '../scripts/build-backend';
import { startProcess, type Metric } from './bench-processes';
import { productionCommand, startBuiltBackend } from './server-processes';
import { round } from './statistics';

/**
 * A bulk run from a Google Sheet, as the add-on makes it (issue 20): the built add-on bundle (dist/addon/Code.js)
 * in the harness's Apps Script runtime starts a sheet run of `rows` rows (startSheetRun) and works on it with its
 * own worker function (workOnRuns: claim, copy the template into the folder, report the copy, POST /v1/fills,
 * report done, write the link into the row), one execution after another as the open sidebar calls it, each
 * within Apps Script's 6 minutes; `workers` executions at once (1: as the add-on runs it). The backend is the
 * built bundle in its own process, the Firestore emulator and the OpenAI stand-in (answering after
 * `providerLatencyMs`) in theirs.
 * - bulk_run_documents_per_minute: documents done over the wall time from the first worker execution to the
 *   last (the run's start, reading the sheet and enqueuing, not counted; it is reported apart);
 * - bulk_run_cost_per_document_nano_dollars / _dollars: the run's rolled-up cost over its documents, at the
 *   model catalog's prices for the stand-in's token counts.
 */
const rows = Number(process.env.BENCH_BULK_ROWS ?? '100');
const tags = Number(process.env.BENCH_BULK_TAGS ?? '3');
const workers = Number(process.env.BENCH_BULK_WORKERS ?? '1');
const providerLatencyMs = Number(process.env.BENCH_BULK_PROVIDER_LATENCY_MS ?? '1000');
const model = 'gpt-6-luna';
const spreadsheetId = 'bench-sheet-000000001';
const folderId = 'bench-folder-00000001';
const tagNames = Array.from({ length: tags }, (_, index) => `section_${index + 1}`);

function template(): DocumentSpec {
  return {
    id: 'bench-bulk-template-0001',
    name: 'Proposal template',
    body: [
      { type: 'paragraph', runs: [{ text: 'Proposal for <<company>>' }] },
      ...tagNames.map((name) => ({ type: 'paragraph' as const, runs: [{ text: `<<ai:${name}>>` }] })),
    ],
  };
}

async function main(): Promise<void> {
  await buildAddon();
  await buildBackend();
  const provider = await startProcess('provider-server-process.ts', { PROVIDER_LATENCY_MS: String(providerLatencyMs) });
  const emulator = await startProcess('firestore-emulator-process.ts');
  const backend = await startBuiltBackend({
    AUTH_MODE: 'development',
    FIRESTORE_EMULATOR_HOST: emulator.address,
    OPENAI_API_KEY: 'sk-bench',
    OPENAI_BASE_URL: provider.address,
    OPENAI_DEFAULT_MODEL: model,
    AI_REQUEST_TIMEOUT_MS: '20000',
    RATE_LIMIT_USER_PER_MINUTE: '1000000',
    RATE_LIMIT_ORGANISATION_PER_MINUTE: '1000000',
  });
  const harness = await startHarness({ backendUrl: backend.url, template });
  const run = <Result>(name: string, ...args: unknown[]) => harness.runtime.run(name, args) as Promise<Result>;
  const lines: Array<Metric & Record<string, unknown>> = [];
  try {
    const state = await run<SidebarState>('getSidebarState');
    const configuration = (name: string) => ({
      prompt: `Write ${name} of a proposal for {{company}}.`,
      fields: [],
      outputFormat: 'plain',
      useDocumentText: false,
      maxOutputTokens: 200,
    });
    const saved = await run<SaveTemplateOutcome>('saveTemplate', {
      baseVersion: state.template.version,
      tags: Object.fromEntries(tagNames.map((name) => [name, configuration(name)])),
    });
    if (saved.status !== 'saved') throw new Error(`template not saved: ${JSON.stringify(saved)}`);
    harness.workspace.addFolder(folderId, 'Proposals');
    harness.workspace.addSpreadsheet({
      id: spreadsheetId,
      name: 'Leads',
      sheets: [
        {
          name: 'Leads',
          rows: [['Company', 'Contact'], ...Array.from({ length: rows }, (_, index) => [`Company ${index + 1}`, `Person ${index + 1}`])],
        },
      ],
    });

    const startedAt = performance.now();
    const started = await run<StartSheetRunOutcome>('startSheetRun', {
      name: 'Bench proposals',
      spreadsheet: spreadsheetId,
      sheetName: 'Leads',
      fieldMapping: { company: 'Company' },
      rows: { kind: 'all' },
      linkColumn: 'Document',
      outputFolder: folderId,
      namePattern: 'Proposal – {{company}}',
    });
    if (started.status !== 'started') throw new Error(`run not started: ${JSON.stringify(started)}`);
    const startMs = performance.now() - startedAt;

    const workStartedAt = performance.now();
    let executions = 0;
    let failures = 0;
    // Each worker calls workOnRuns again while work is left, as the open sidebar does.
    await Promise.all(
      Array.from({ length: workers }, async () => {
        for (;;) {
          executions += 1;
          const outcome = await run<WorkOnRunsOutcome>('workOnRuns');
          failures += outcome.failures;
          if (outcome.stoppedBecause === 'empty') return;
        }
      }),
    );
    const workMs = performance.now() - workStartedAt;
    const progress = await run<BulkRunProgress>('getRunProgress', started.run.runId);
    if (progress.done !== rows) throw new Error(`the run made ${progress.done} of ${rows} documents (${progress.failed} failed)`);
    const documents = harness.workspace.documentsInFolder(folderId).length;
    const costPerDocument = progress.costNanoDollars / progress.done;
    lines.push(
      {
        name: 'bulk_run_machine',
        value: cpus().length,
        unit: 'cores',
        cpu: cpus()[0]?.model ?? 'unknown',
        memoryGb: round(totalmem() / 2 ** 30, 0),
        node: process.version,
        backendCommand: `node ${productionCommand().join(' ')}`,
        driver: 'the built add-on bundle (dist/addon/Code.js) in the harness Apps Script runtime: startSheetRun, then workOnRuns',
        samples: {
          rows,
          documentsDone: progress.done,
          documentsInFolder: documents,
          failedAttempts: failures,
          workerExecutions: executions,
        },
        workerConcurrency: workers,
        tagsPerDocument: tags,
        providerLatencyMs,
        model,
      },
      { name: 'bulk_run_documents_per_minute', value: round((progress.done * 60_000) / workMs, 1), unit: 'documents/min' },
      { name: 'bulk_run_seconds_per_document', value: round(workMs / 1000 / progress.done, 2), unit: 's' },
      { name: 'bulk_run_start_ms', value: round(startMs, 0), unit: 'ms' },
      { name: 'bulk_run_cost_per_document_nano_dollars', value: Math.round(costPerDocument), unit: 'nano-dollars' },
      { name: 'bulk_run_cost_per_document_dollars', value: Number((costPerDocument / 1e9).toFixed(9)), unit: 'USD' },
    );
  } finally {
    await harness.close();
    await backend.stop();
    for (const child of [provider, emulator]) child.child.stdin?.end();
  }
  for (const line of lines) process.stdout.write(`${JSON.stringify(line)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
