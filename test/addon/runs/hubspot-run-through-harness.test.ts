import path from 'node:path';
import type {
  BulkRunProgress,
  StartHubSpotRunInput,
  StartSheetRunOutcome,
  WorkOnRunsOutcome,
} from '../../../addon/shared/bulk-run-contract';
import type { SaveTemplateOutcome, SidebarState } from '../../../addon/shared/sidebar-contract';
import { loadConfig } from '../../../backend/src/platform/config';
import { createLogger } from '../../../backend/src/platform/logger';
import { startBackend, type RunningBackend } from '../../../backend/src/start-backend';
import { documentToSpec, type BlockSpec, type DocumentSpec } from '../../../harness/fakes/document-service';
import { startHubSpotServer, type HubSpotServer } from '../../../harness/hubspot-server';
import { startOpenAIServer, type ProviderServer } from '../../../harness/provider-servers';
import { sampleHubSpotMapping, sampleHubSpotToken, seedSampleHubSpotCrm } from '../../../harness/sample-hubspot-crm';
import { startHarness, type RunningHarness } from '../../../harness/server/start-harness';
import { developmentBearer } from '../../support/test-backend';

/**
 * A bulk run over HubSpot deals through the built bundle in the harness, against the real backend (its HubSpot
 * module through the official client) and the HubSpot CRM stand-in seeded with `npm start`'s sample portal: the
 * deals are read by id or by a search, one document per deal lands in the output folder with the deal's and its
 * company's values, and each document's link goes back to its deal as a note.
 */
const addonDirectory = path.resolve(__dirname, '..', '..', '..', 'dist', 'addon');
const text = (value: string): BlockSpec => ({ type: 'paragraph', runs: [{ text: value }] });
const template: DocumentSpec = {
  id: 'hubspot-template-document-01',
  name: 'Deal proposal template',
  body: [text('Proposal for <<client_name>>: <<project_name>> from <<start_date>>, by <<consultant_name>>'), text('<<ai:intro>>')],
};
const folderId = 'hubspot-folder-00000001';
const owner = developmentBearer({ sub: 'harness-user-1', email: 'ana@example.com', hd: 'example.com' });

let provider: ProviderServer;
let hubspot: HubSpotServer;
let backend: RunningBackend;
let harness: RunningHarness;
let dealIds: string[];

const run = <Result>(name: string, ...args: unknown[]) => harness.runtime.run(name, args) as Promise<Result>;
const runInput = (overrides: Partial<StartHubSpotRunInput> = {}): StartHubSpotRunInput => ({
  name: 'Deal proposals',
  objectType: 'deals',
  fieldMapping: { ...sampleHubSpotMapping },
  records: { kind: 'ids', ids: dealIds.slice(0, 2).join(', ') },
  writeBack: { kind: 'note' },
  outputFolder: `https://drive.google.com/drive/folders/${folderId}`,
  namePattern: 'Proposal – {{client_name}}',
  ...overrides,
});
const notesOf = (dealId: string) =>
  hubspot.crm.associationsOf('deals', dealId, 'notes').map((association) => hubspot.crm.get('notes', association.toId)!);
const bodyTexts = (document: unknown) =>
  (documentToSpec(document as never).body as Array<{ runs?: Array<{ text: string }> }>).map((block) =>
    (block.runs ?? []).map((entry) => entry.text).join(''),
  );

beforeAll(async () => {
  provider = await startOpenAIServer();
  hubspot = await startHubSpotServer({ accessToken: sampleHubSpotToken });
  dealIds = seedSampleHubSpotCrm(hubspot.crm);
  const config = loadConfig({
    AUTH_MODE: 'development',
    LOG_LEVEL: 'silent',
    PORT: '0',
    AI_REQUEST_TIMEOUT_MS: '20000',
    OPENAI_API_KEY: 'sk-hubspot-runs',
    OPENAI_BASE_URL: provider.baseUrl,
    HUBSPOT_BASE_URL: hubspot.baseUrl,
  });
  backend = await startBackend(config, createLogger({ level: 'silent' }));
  harness = await startHarness({ backendUrl: backend.url, addonDirectory, template: () => template });
  const state = (await harness.runtime.run('getSidebarState')) as SidebarState;
  const saved = (await harness.runtime.run('saveTemplate', [
    {
      baseVersion: state.template.version,
      tags: { intro: { prompt: 'Introduce {{client_name}}.', fields: [], outputFormat: 'plain', useDocumentText: false } },
    },
  ])) as SaveTemplateOutcome;
  expect(saved.status).toBe('saved');
  harness.workspace.addFolder(folderId, 'Deal proposals');
});
afterAll(async () => {
  await harness?.close();
  await backend?.close();
  await hubspot?.close();
  await provider?.close();
});

describe('a bulk run over HubSpot deals', () => {
  test('before HubSpot is connected, says so and starts nothing', async () => {
    const outcome = await run<StartSheetRunOutcome>('startHubSpotRun', runInput());
    expect(outcome).toEqual({ status: 'problems', problems: [{ field: 'records', message: expect.stringMatching(/HubSpot/) }] });
    expect((await run<BulkRunProgress[]>('listMyRuns')).length).toBe(0);
  });

  test('makes one document per deal with its company, and notes each link on its deal', async () => {
    const connected = await fetch(`${backend.url}/v1/hubspot/connection`, {
      method: 'PUT',
      headers: { authorization: owner, 'content-type': 'application/json' },
      body: JSON.stringify({ accessToken: sampleHubSpotToken }),
    });
    expect(connected.status).toBe(200);

    const started = await run<StartSheetRunOutcome>('startHubSpotRun', runInput());
    expect(started).toMatchObject({ status: 'started', enqueued: 2, run: { total: 2, remaining: 2, backgroundWorker: true } });
    if (started.status !== 'started') return;
    expect(await run<WorkOnRunsOutcome>('workOnRuns')).toEqual({ documentsMade: 2, failures: 0, stoppedBecause: 'empty' });

    const documents = harness.workspace.documentsInFolder(folderId);
    expect(documents.map((document) => document.getName()).sort()).toEqual(['Proposal – Acme Corp', 'Proposal – Globex']);
    const acme = documents.find((document) => document.getName() === 'Proposal – Acme Corp')!;
    expect(bodyTexts(acme)).toEqual([
      'Proposal for Acme Corp: Data platform from 2027-01-11, by Ana Silva',
      'Generated for: Introduce Acme Corp.',
    ]);
    // Each deal got one note with its own document's link.
    for (const [index, name] of ['Proposal – Acme Corp', 'Proposal – Globex'].entries()) {
      const document = documents.find((candidate) => candidate.getName() === name)!;
      const notes = notesOf(dealIds[index]!);
      expect(notes).toHaveLength(1);
      expect(notes[0]!.properties.hs_note_body).toContain(document.getUrl());
    }
    expect(await run<BulkRunProgress>('getRunProgress', started.run.runId)).toMatchObject({ finished: true, done: 2, failed: 0 });

    // The same deals again make no second document and no second note.
    const again = await run<StartSheetRunOutcome>('startHubSpotRun', runInput());
    expect(again).toMatchObject({ status: 'started', enqueued: 2 });
    if (again.status === 'started') await run('changeRunStatus', again.run.runId, 'cancel');
  });

  test('a search picks deals by text; a missing id or an unknown property is a problem before any run exists', async () => {
    const runsBefore = (await run<BulkRunProgress[]>('listMyRuns')).length;
    const missing = await run<StartSheetRunOutcome>('startHubSpotRun', runInput({ records: { kind: 'ids', ids: `${dealIds[0]} 999999` } }));
    expect(missing).toEqual({ status: 'problems', problems: [{ field: 'records', message: expect.stringContaining('999999') }] });
    const badProperty = await run<StartSheetRunOutcome>(
      'startHubSpotRun',
      runInput({ fieldMapping: { ...sampleHubSpotMapping, client_name: 'Company Name' } }),
    );
    expect(badProperty.status).toBe('problems');
    if (badProperty.status === 'problems') expect(badProperty.problems[0]?.message).toMatch(/property/);
    expect((await run<BulkRunProgress[]>('listMyRuns')).length).toBe(runsBefore);

    const searched = await run<StartSheetRunOutcome>(
      'startHubSpotRun',
      runInput({ name: 'Hooli only', records: { kind: 'search', query: 'Search relaunch' }, writeBack: null }),
    );
    expect(searched).toMatchObject({ status: 'started', enqueued: 1 });
    expect(await run<WorkOnRunsOutcome>('workOnRuns')).toEqual({ documentsMade: 1, failures: 0, stoppedBecause: 'empty' });
    expect(harness.workspace.documentsInFolder(folderId).map((document) => document.getName())).toContain('Proposal – Hooli');
    // No write-back asked: Hooli's deal has no note.
    expect(notesOf(dealIds[3]!)).toHaveLength(0);
  });
});
