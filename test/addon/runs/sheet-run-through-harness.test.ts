import { readFileSync } from 'node:fs';
import path from 'node:path';
import type {
  BulkRunProgress,
  SheetOverview,
  StartSheetRunInput,
  StartSheetRunOutcome,
  WorkOnRunsOutcome,
} from '../../../addon/shared/bulk-run-contract';
import type { SaveTemplateOutcome, SidebarState } from '../../../addon/shared/sidebar-contract';
import { loadConfig } from '../../../backend/src/platform/config';
import { createLogger } from '../../../backend/src/platform/logger';
import { startBackend, type RunningBackend } from '../../../backend/src/start-backend';
import { EXECUTION_TIMEOUT_MESSAGE } from '../../../harness/apps-script-runtime/worker-slot';
import { documentPlainText, documentToSpec, type BlockSpec, type DocumentSpec } from '../../../harness/fakes/document-service';
import type { CellValue } from '../../../harness/fakes/spreadsheet-app';
import { startOpenAIServer, type ProviderServer } from '../../../harness/provider-servers';
import { addSampleBulkRunData, sampleFolderId, sampleSpreadsheetId } from '../../../harness/sample-bulk-run';
import { startHarness, type RunningHarness } from '../../../harness/server/start-harness';

/**
 * Bulk runs from a Google Sheet through the built bundle (dist/addon/Code.js) in the harness, against the real
 * backend on the embedded Firestore emulator and the OpenAI stand-in: rows in, one filled document per row in
 * the output folder, links (or errors) back in the sheet, the run's progress and cost from the backend.
 */
const addonDirectory = path.resolve(__dirname, '..', '..', '..', 'dist', 'addon');
const text = (value: string): BlockSpec => ({ type: 'paragraph', runs: [{ text: value }] });
const template: DocumentSpec = {
  id: 'bulk-template-document-0001',
  name: 'Proposal template',
  body: [text('Proposal for <<company>>'), text('<<ai:intro>>')],
};
const spreadsheetId = 'bulk-sheet-0000000001';
const folderId = 'bulk-folder-000000001';
const companies = ['Acme', 'Globex', 'Initech', 'Umbrella', 'Hooli'];

let provider: ProviderServer;
let backend: RunningBackend;
/** How far the backend's clock is moved ahead, so a lease expires without waiting 7 minutes. */
let clockAheadMs = 0;

beforeAll(async () => {
  provider = await startOpenAIServer();
  const config = loadConfig({
    AUTH_MODE: 'development',
    LOG_LEVEL: 'silent',
    PORT: '0',
    AI_REQUEST_TIMEOUT_MS: '20000',
    OPENAI_API_KEY: 'sk-bulk-runs',
    OPENAI_BASE_URL: provider.baseUrl,
    RATE_LIMIT_USER_PER_MINUTE: '100000',
    RATE_LIMIT_ORGANISATION_PER_MINUTE: '100000',
  });
  backend = await startBackend(config, createLogger({ level: 'silent' }), { now: () => Date.now() + clockAheadMs });
});
afterAll(async () => {
  await backend?.close();
  await provider?.close();
});

async function openHarness(options: { executionTimeoutMs?: number } = {}): Promise<RunningHarness> {
  const harness = await startHarness({ backendUrl: backend.url, addonDirectory, template: () => template, ...options });
  const state = (await harness.runtime.run('getSidebarState')) as SidebarState;
  const saved = (await harness.runtime.run('saveTemplate', [
    {
      baseVersion: state.template.version,
      tags: { intro: { prompt: 'Introduce {{company}}.', fields: [], outputFormat: 'plain', useDocumentText: false } },
    },
  ])) as SaveTemplateOutcome;
  // A second harness finds the configuration the first saved: same document, same organisation.
  if (saved.status !== 'saved') expect(saved.status).toBe('conflict');
  harness.workspace.addFolder(folderId, 'Proposals');
  return harness;
}

function addSheet(harness: RunningHarness, rows: CellValue[][]) {
  return harness.workspace.addSpreadsheet({
    id: spreadsheetId,
    name: 'Clients',
    sheets: [{ name: 'Leads', rows: [['Company', 'Contact'], ...rows] }],
  });
}

const runInput = (overrides: Partial<StartSheetRunInput> = {}): StartSheetRunInput => ({
  name: 'Proposals for leads',
  spreadsheet: `https://docs.google.com/spreadsheets/d/${spreadsheetId}/edit#gid=0`,
  sheetName: 'Leads',
  fieldMapping: { company: 'Company' },
  rows: { kind: 'all' },
  linkColumn: 'Document',
  outputFolder: `https://drive.google.com/drive/folders/${folderId}`,
  namePattern: 'Proposal – {{company}}',
  ...overrides,
});

function bodyTexts(document: { getBody(): unknown }): string[] {
  return (documentToSpec(document as never).body as Array<{ runs?: Array<{ text: string }> }>).map((block) =>
    (block.runs ?? []).map((run) => run.text).join(''),
  );
}

describe('a bulk run over a sheet', () => {
  let harness: RunningHarness;
  const run = <Result>(name: string, ...args: unknown[]) => harness.runtime.run(name, args) as Promise<Result>;

  beforeAll(async () => {
    harness = await openHarness();
  });
  afterAll(async () => {
    await harness?.close();
  });

  test('makes one filled document per row in the output folder, links each in its row, and the hourly trigger does it with the sidebar closed', async () => {
    const sheet = addSheet(
      harness,
      companies.map((company, index) => [company, `Person ${index}`]),
    ).getSheetByName('Leads');
    const started = await run<StartSheetRunOutcome>('startSheetRun', runInput());
    expect(started).toMatchObject({
      status: 'started',
      enqueued: 5,
      alreadyEnqueued: 0,
      run: { total: 5, remaining: 5, backgroundWorker: true },
    });
    if (started.status !== 'started') return;
    // One hourly trigger, made in this document, calling the worker.
    expect(harness.workspace.triggers.installed).toEqual([
      expect.objectContaining({ handlerFunction: 'workOnRunsInBackground', everyHours: 1, documentId: template.id }),
    ]);
    // The link column is added after the last one.
    expect(sheet?._rows()[0]).toEqual(['Company', 'Contact', 'Document']);

    const fired = await harness.fireTimeDrivenTriggers();
    expect(fired).toEqual([expect.objectContaining({ status: 'fulfilled' })]);

    const documents = harness.workspace.documentsInFolder(folderId);
    expect(documents.map((document) => document.getName()).sort()).toEqual(companies.map((company) => `Proposal – ${company}`).sort());
    for (const company of companies) {
      const document = documents.find((candidate) => candidate.getName() === `Proposal – ${company}`)!;
      expect(bodyTexts(document)).toEqual([`Proposal for ${company}`, `Generated for: Introduce ${company}.`]);
    }
    const rows = sheet!._rows().slice(1);
    for (const [index, company] of companies.entries()) {
      const document = documents.find((candidate) => candidate.getName() === `Proposal – ${company}`)!;
      expect(rows[index]).toEqual([company, `Person ${index}`, document.getUrl()]);
    }
    // The template itself is untouched.
    expect(bodyTexts(harness.workspace.document)).toEqual(['Proposal for <<company>>', '<<ai:intro>>']);

    const progress = await run<BulkRunProgress>('getRunProgress', started.run.runId);
    expect(progress).toMatchObject({ finished: true, total: 5, done: 5, failed: 0, remaining: 0 });
    expect(progress.costNanoDollars).toBeGreaterThan(0);
    expect(progress.records).toHaveLength(5);
    expect(
      progress.records.every((record) => record.state === 'done' && record.documentUrl?.startsWith('https://docs.google.com/document/d/')),
    ).toBe(true);
    // Nothing left for this user: the trigger removed itself, and the sidebar says so.
    expect(harness.workspace.triggers.installed).toEqual([]);
    expect(progress.backgroundWorker).toBe(false);
  });

  test('a re-run of rows without a link makes documents only for the new rows; a row whose fill fails gets its error', async () => {
    const sheet = harness.workspace.findSpreadsheet(spreadsheetId)!.getSheetByName('Leads')!;
    // A new row, and a row whose Company is empty: the backend refuses a fill with an empty field.
    sheet.getRange(7, 1, 2, 2).setValues([
      ['Stark', 'Person 5'],
      ['', 'Person 6'],
    ]);
    const before = harness.workspace.documentsInFolder(folderId).length;
    const started = await run<StartSheetRunOutcome>('startSheetRun', runInput({ rows: { kind: 'withoutLink' } }));
    expect(started).toMatchObject({ status: 'started', enqueued: 2, run: { total: 2 } });
    if (started.status !== 'started') return;

    const outcome = await run<WorkOnRunsOutcome>('workOnRuns');
    expect(outcome).toEqual({ documentsMade: 1, failures: 1, stoppedBecause: 'empty' });
    const rows = sheet._rows();
    const stark = harness.workspace.documentsInFolder(folderId).find((document) => document.getName() === 'Proposal – Stark')!;
    expect(rows[6]).toEqual(['Stark', 'Person 5', stark.getUrl()]);
    expect(rows[7]?.[2]).toMatch(/^Error: .*company/i);
    // Stark's document only: the copy the failing row was given before its fill was refused went to the trash.
    expect(harness.workspace.documentsInFolder(folderId)).toHaveLength(before + 1);
    expect(harness.workspace.trashedFiles.size).toBe(1);
    const progress = await run<BulkRunProgress>('getRunProgress', started.run.runId);
    expect(progress).toMatchObject({ done: 1, failed: 1, remaining: 0 });

    // Everything has a link or an error now: the same selection finds only the failed row again, and makes no
    // second document for any row that has one.
    const again = await run<StartSheetRunOutcome>('startSheetRun', runInput({ rows: { kind: 'withoutLink' } }));
    expect(again).toMatchObject({ status: 'started', enqueued: 1 });
    if (again.status !== 'started') return;
    // Cancelled, it leaves nothing to do: the next worker removes the trigger.
    expect(await run<BulkRunProgress>('changeRunStatus', again.run.runId, 'cancel')).toMatchObject({ status: 'cancelled', remaining: 0 });
    expect(await run<WorkOnRunsOutcome>('workOnRuns')).toEqual({ documentsMade: 0, failures: 0, stoppedBecause: 'empty' });
    expect(harness.workspace.triggers.installed).toEqual([]);
  });

  test('a filter selects rows by a column, and a link finds its row after rows were inserted above it', async () => {
    const sheet = addSheet(harness, [
      ['Alpha', 'keep'],
      ['Beta', 'skip'],
      ['Gamma', 'keep'],
    ]).getSheetByName('Leads')!;
    const started = await run<StartSheetRunOutcome>(
      'startSheetRun',
      runInput({ rows: { kind: 'filter', column: 'Contact', equals: 'keep' } }),
    );
    expect(started).toMatchObject({ status: 'started', enqueued: 2 });
    // Someone inserts a row under the header while the run waits for its worker.
    sheet.getRange(2, 1, 4, 2).setValues([
      ['Inserted', 'keep'],
      ['Alpha', 'keep'],
      ['Beta', 'skip'],
      ['Gamma', 'keep'],
    ]);
    expect(await run<WorkOnRunsOutcome>('workOnRuns')).toEqual({ documentsMade: 2, failures: 0, stoppedBecause: 'empty' });
    const urlOf = (company: string) =>
      harness.workspace
        .documentsInFolder(folderId)
        .find((document) => document.getName() === `Proposal – ${company}`)
        ?.getUrl();
    expect(sheet._rows().map((row) => row[2] ?? '')).toEqual(['Document', '', urlOf('Alpha'), '', urlOf('Gamma')]);
  });

  test('says what to fix, and starts nothing, for a sheet, column or folder it cannot use', async () => {
    addSheet(harness, [['Nakatomi', 'Person 9']]);
    const runsCreated = () =>
      harness.requestLog.filter((exchange) => exchange.method.toLowerCase() === 'post' && exchange.url.endsWith('/v1/runs')).length;
    const before = runsCreated();
    expect(await run<StartSheetRunOutcome>('startSheetRun', runInput({ spreadsheet: 'not a link' }))).toEqual({
      status: 'problems',
      problems: [expect.objectContaining({ field: 'spreadsheet', message: expect.stringContaining('Paste the spreadsheet') })],
    });
    expect(await run<StartSheetRunOutcome>('startSheetRun', runInput({ sheetName: 'Missing' }))).toEqual({
      status: 'problems',
      problems: [{ field: 'sheetName', message: 'The spreadsheet has no sheet named “Missing”.' }],
    });
    const outcome = await run<StartSheetRunOutcome>(
      'startSheetRun',
      runInput({ fieldMapping: { company: 'Firm' }, outputFolder: 'https://drive.google.com/drive/folders/unknown-folder-000001' }),
    );
    expect(outcome).toEqual({
      status: 'problems',
      problems: [
        { field: 'outputFolder', message: expect.stringContaining('No item with the given ID could be found') },
        { field: 'fieldMapping.company', message: 'The sheet has no column “Firm” (its header row names Company, Contact).' },
      ],
    });
    // A name pattern naming a field the mapping lacks: the backend's check, field by field.
    const refused = await run<StartSheetRunOutcome>('startSheetRun', runInput({ namePattern: 'Proposal – {{client}}' }));
    expect(refused).toMatchObject({
      status: 'problems',
      problems: [expect.objectContaining({ message: expect.stringContaining('client') })],
    });
    // Only that last one reached the backend, which refused it: no run exists.
    expect(runsCreated()).toBe(before + 1);
  });

  test('keeps one trigger per user: a run started while the trigger from another document is installed adds none', async () => {
    harness.workspace.triggers.add({
      uniqueId: 'made-in-another-document',
      handlerFunction: 'workOnRunsInBackground',
      user: harness.workspace.user.email,
      documentId: 'another-document-000001',
      everyHours: 1,
    });
    addSheet(harness, [['Wonka', 'Person 7']]);
    const started = await run<StartSheetRunOutcome>('startSheetRun', runInput());
    expect(started).toMatchObject({ status: 'started', run: { backgroundWorker: true } });
    expect(harness.workspace.triggers.installed.map((trigger) => trigger.uniqueId)).toEqual(['made-in-another-document']);
    if (started.status === 'started') await run('changeRunStatus', started.run.runId, 'cancel');
    expect(await run<WorkOnRunsOutcome>('workOnRuns')).toMatchObject({ stoppedBecause: 'empty' });
    expect(harness.workspace.triggers.installed).toEqual([]);
  });

  test('asks for consent again, and starts nothing, when the user did not grant the triggers or spreadsheets scope', async () => {
    const manifestScopes = harness.workspace.grantedScopes;
    const all = JSON.parse(readFileSync(path.join(addonDirectory, 'appsscript.json'), 'utf8')) as { oauthScopes: string[] };
    const runsCreated = () =>
      harness.requestLog.filter((exchange) => exchange.method.toLowerCase() === 'post' && exchange.url.endsWith('/v1/runs')).length;
    const runsBefore = runsCreated();
    for (const missing of ['https://www.googleapis.com/auth/script.scriptapp', 'https://www.googleapis.com/auth/spreadsheets']) {
      harness.workspace.grantedScopes = all.oauthScopes.filter((scope) => scope !== missing);
      await expect(run('startSheetRun', runInput())).rejects.toThrow('Authorization is required to perform that action.');
      expect(harness.workspace.authorizationPrompts.at(-1)).toEqual([missing]);
    }
    harness.workspace.grantedScopes = manifestScopes;
    expect(runsCreated()).toBe(runsBefore);
  });
});

describe('an execution Apps Script stops mid-job', () => {
  let harness: RunningHarness;
  const run = <Result>(name: string, ...args: unknown[]) => harness.runtime.run(name, args) as Promise<Result>;

  beforeAll(async () => {
    // Apps Script stops executions at 6 minutes; this harness at 4 s, so a fill slower than that is cut off.
    harness = await openHarness({ executionTimeoutMs: 4000 });
  });
  afterAll(async () => {
    provider.reset();
    await harness?.close();
  });

  test('is picked up by the next worker, which fills the copy already made and pays for no second fill', async () => {
    const sheet = addSheet(harness, [['Tyrell', 'Person 8']]).getSheetByName('Leads')!;
    const started = await run<StartSheetRunOutcome>('startSheetRun', runInput());
    expect(started).toMatchObject({ status: 'started', enqueued: 1 });
    if (started.status !== 'started') return;
    provider.reset();
    provider.setLatency(6000);

    await expect(run('workOnRuns')).rejects.toThrow(EXECUTION_TIMEOUT_MESSAGE);
    // Stopped after copying (and reporting the copy), while the backend was still generating.
    expect(harness.workspace.documentsInFolder(folderId).map((document) => bodyTexts(document))).toEqual([
      ['Proposal for <<company>>', '<<ai:intro>>'],
    ]);
    // The backend finishes the fill on its own; an hour later (the lease long expired) the trigger comes back.
    await new Promise((resolve) => setTimeout(resolve, 7000));
    provider.setLatency(0);
    clockAheadMs = 60 * 60 * 1000;
    const fired = await harness.fireTimeDrivenTriggers();
    expect(fired).toEqual([expect.objectContaining({ status: 'fulfilled' })]);

    const documents = harness.workspace.documentsInFolder(folderId);
    expect(documents).toHaveLength(1);
    expect(bodyTexts(documents[0]!)).toEqual(['Proposal for Tyrell', 'Generated for: Introduce Tyrell.']);
    expect(sheet._rows()[1]).toEqual(['Tyrell', 'Person 8', documents[0]!.getUrl()]);
    expect(provider.requests.filter((request) => request.path === '/v1/chat/completions')).toHaveLength(1);
    expect(await run<BulkRunProgress>('getRunProgress', started.run.runId)).toMatchObject({ done: 1, failed: 0, remaining: 0 });
  });
});

describe('the sample sheet npm start offers', () => {
  let harness: RunningHarness;
  const run = <Result>(name: string, ...args: unknown[]) => harness.runtime.run(name, args) as Promise<Result>;

  beforeAll(async () => {
    // The sample proposal template, as npm start opens it, with its two AI tags configured.
    harness = await startHarness({ backendUrl: backend.url, addonDirectory });
    const state = await run<SidebarState>('getSidebarState');
    const saved = await run<SaveTemplateOutcome>('saveTemplate', {
      baseVersion: state.template.version,
      tags: {
        intro: { prompt: 'Introduce {{client_name}} and {{project_name}}.', fields: [], outputFormat: 'plain', useDocumentText: false },
        next_steps: { prompt: 'Next steps from {{start_date}}.', fields: [], outputFormat: 'plain', useDocumentText: false },
      },
    });
    expect(saved.status).toBe('saved');
  });
  afterAll(async () => {
    await harness?.close();
  });

  test('makes its 20 documents, fields and AI tags filled, with a link in every row', async () => {
    const sample = addSampleBulkRunData(harness.workspace);
    const overview = await run<SheetOverview>('getSheetOverview', { spreadsheet: sample.spreadsheetUrl });
    expect(overview).toMatchObject({
      status: 'found',
      spreadsheetName: 'Sample leads',
      sheetNames: ['Leads'],
      sheetName: 'Leads',
      headers: ['client_name', 'project_name', 'consultant_name', 'start_date'],
      rowCount: 20,
    });
    const started = await run<StartSheetRunOutcome>('startSheetRun', {
      name: 'Sample proposals',
      spreadsheet: sample.spreadsheetUrl,
      sheetName: 'Leads',
      fieldMapping: {
        client_name: 'client_name',
        project_name: 'project_name',
        consultant_name: 'consultant_name',
        start_date: 'start_date',
      },
      rows: { kind: 'all' },
      linkColumn: 'Document',
      outputFolder: sample.folderUrl,
      namePattern: 'Proposal – {{client_name}}',
    } satisfies StartSheetRunInput);
    expect(started).toMatchObject({ status: 'started', enqueued: 20 });
    if (started.status !== 'started') return;

    const startedAt = Date.now();
    expect(await run<WorkOnRunsOutcome>('workOnRuns')).toEqual({ documentsMade: 20, failures: 0, stoppedBecause: 'empty' });
    const elapsedMs = Date.now() - startedAt;
    const documents = harness.workspace.documentsInFolder(sampleFolderId);
    expect(documents).toHaveLength(20);
    const acme = documents.find((document) => document.getName() === 'Proposal – Acme Corp')!;
    const acmeText = documentPlainText(acme);
    expect(acmeText).toContain('Proposal for Acme Corp');
    expect(acmeText).toContain('Generated for: Introduce Acme Corp and CRM migration.');
    expect(acmeText).not.toMatch(/<<|>>/);
    const rows = harness.workspace.findSpreadsheet(sampleSpreadsheetId)!.getSheetByName('Leads')!._rows();
    expect(rows.slice(1).every((row) => documents.some((document) => document.getUrl() === row[4]))).toBe(true);
    const progress = await run<BulkRunProgress>('getRunProgress', started.run.runId);
    expect(progress).toMatchObject({ done: 20, remaining: 0, finished: true });
    process.stdout.write(
      `bulk run in the harness: 20 documents in ${elapsedMs} ms (${Math.round((20 * 60_000) / elapsedMs)} per minute), ` +
        `${Math.round(progress.costNanoDollars / 20)} nano-dollars per document\n`,
    );
  });
});
