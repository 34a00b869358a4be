import type { Browser, FrameLocator, Page } from 'playwright-core';
import type { RunView } from '../../contracts/runs';
import type { SaveTemplateOutcome, SidebarState } from '../../addon/shared/sidebar-contract';
import { createDevelopmentToken } from '../../backend/src/auth/development-token';
import { formatUsd } from '../../addon/client/admin/dashboard/format';
import { documentPlainText } from '../../harness/fakes/document-service';
import { addSampleBulkRunData, sampleFolderId, sampleSpreadsheetId } from '../../harness/sample-bulk-run';
import { defaultHarnessUser } from '../../harness/server/start-harness';
import { artifactPath, launchChromium } from '../support/chromium';
import { startLocalStack, type LocalStack } from '../support/local-stack';
import { openSidebarHarness } from '../support/sidebar-page';

/**
 * The sidebar's Bulk panel in Chromium, on npm start's sample sheet (20 leads) and the sample proposal
 * template: the built add-on bundle, the real backend, the OpenAI stand-in. What a person sees: the mapping
 * preselected, problems next to their inputs, progress reaching done with links, pause stopping the panel's work.
 */

let sample: { spreadsheetUrl: string; folderUrl: string };

/** With `cacheTtlSeconds: 0` every document is generated again, as a run of new records would be. */
async function saveSampleTags(stack: LocalStack, cacheTtlSeconds?: number): Promise<void> {
  const state = (await stack.harness.runtime.run('getSidebarState')) as SidebarState;
  const cache = cacheTtlSeconds === undefined ? {} : { cacheTtlSeconds };
  const saved = (await stack.harness.runtime.run('saveTemplate', [
    {
      baseVersion: state.template.version,
      tags: {
        intro: { prompt: 'Introduce {{client_name}}.', fields: [], outputFormat: 'plain', useDocumentText: false, ...cache },
        next_steps: { prompt: 'Next steps for {{project_name}}.', fields: [], outputFormat: 'plain', useDocumentText: false, ...cache },
      },
    },
  ])) as SaveTemplateOutcome;
  expect(saved.status).toBe('saved');
}

async function openBulkPanel(stack: LocalStack, browser: Browser): Promise<{ page: Page; sidebar: FrameLocator }> {
  const opened = await openSidebarHarness(stack, browser);
  await opened.sidebar.locator('#tab-bulk').click();
  await opened.sidebar.locator('#panel-bulk').waitFor();
  return opened;
}

async function loadSampleSheet(sidebar: FrameLocator): Promise<void> {
  await sidebar.locator('#bulk-spreadsheet').fill(sample.spreadsheetUrl);
  await sidebar.locator('#bulk-load').click();
  await sidebar.locator('#bulk-details').waitFor({ timeout: 15_000 });
}

function sheetRows(stack: LocalStack): string[][] {
  const sheet = stack.harness.workspace.findSpreadsheet(sampleSpreadsheetId)?.getSheetByName('Leads');
  return (sheet?._rows() ?? []).map((row) => row.map(String));
}

async function runOf(stack: LocalStack, runId: string): Promise<RunView> {
  const response = await fetch(`${stack.backend.url}/v1/runs/${runId}`, {
    headers: { authorization: `Bearer ${createDevelopmentToken(defaultHarnessUser)}` },
  });
  return (await response.json()) as RunView;
}

/** The add-on functions the page asked the harness to run, in order (each google.script.run call is a POST). */
function recordCalls(page: Page): string[] {
  const calls: string[] = [];
  page.on('request', (request) => {
    if (!request.url().endsWith('/harness/run')) return;
    const name = (request.postDataJSON() as { functionName?: string } | null)?.functionName;
    if (name) calls.push(name);
  });
  return calls;
}

describe("the sidebar's Bulk panel in Chromium", () => {
  let browser: Browser;
  let stack: LocalStack;
  beforeAll(async () => {
    browser = await launchChromium();
    stack = await startLocalStack({ environment: { RATE_LIMIT_USER_PER_MINUTE: '100000', RATE_LIMIT_ORGANISATION_PER_MINUTE: '100000' } });
    await saveSampleTags(stack);
    // What npm start adds to its harness.
    sample = addSampleBulkRunData(stack.harness.workspace);
  }, 120_000);
  afterAll(async () => {
    await stack?.close();
    await browser?.close();
  });
  beforeEach(() => {
    stack.provider.reset();
  });

  it('maps the fields from the sheet, shows problems next to their inputs, and makes 20 documents with links', async () => {
    const { page, sidebar } = await openBulkPanel(stack, browser);
    await sidebar.locator('#bulk-run-list li', { hasText: 'No runs yet.' }).waitFor({ timeout: 15_000 });

    // A spreadsheet the user cannot open is said next to its input.
    await sidebar.locator('#bulk-spreadsheet').fill('https://docs.google.com/spreadsheets/d/not-a-sheet-of-yours/edit');
    await sidebar.locator('#bulk-load').click();
    await sidebar.locator('#bulk-spreadsheet-problem:not([hidden])').waitFor({ timeout: 15_000 });
    await expect(sidebar.locator('#bulk-spreadsheet').getAttribute('aria-invalid')).resolves.toBe('true');

    await loadSampleSheet(sidebar);
    await expect(sidebar.locator('#bulk-sheet-summary').textContent()).resolves.toBe('Sample leads: 20 rows under 4 columns.');
    await expect(sidebar.locator('#bulk-spreadsheet-problem').isHidden()).resolves.toBe(true);
    // Every field of the template is preselected with the column of its name.
    for (const field of ['client_name', 'project_name', 'start_date', 'consultant_name'])
      await expect(sidebar.locator(`#bulk-map-${field}`).inputValue()).resolves.toBe(field);
    await expect(sidebar.locator('#bulk-linkColumn').inputValue()).resolves.toBe('Document link');
    await expect(sidebar.locator('#bulk-namePattern').inputValue()).resolves.toBe('Proposal template – {{client_name}}');
    await expect(sidebar.locator('#bulk-name').inputValue()).resolves.toBe('Proposal template from Sample leads');
    await expect(sidebar.locator('#bulk-namePattern-hint').textContent()).resolves.toBe(
      "Each document's name; use {{client_name}}, {{project_name}}, {{start_date}}, {{consultant_name}}.",
    );
    await page.locator('#sidebar').screenshot({ path: artifactPath('sidebar-bulk-form.png') });

    // No output folder: the add-on's answer is shown under the folder input.
    await sidebar.locator('#bulk-start').click();
    await sidebar.locator('#bulk-outputFolder-problem:not([hidden])').waitFor({ timeout: 15_000 });
    await expect(sidebar.locator('#bulk-outputFolder-problem').textContent()).resolves.toMatch(/Drive folder/);
    await expect(sidebar.locator('#bulk-outputFolder').getAttribute('aria-invalid')).resolves.toBe('true');
    await expect(sidebar.locator('#bulk-problems').textContent()).resolves.toMatch(/^The run was not started/);

    // A name using a field no column gives is said under the name.
    await sidebar.locator('#bulk-outputFolder').fill(sample.folderUrl);
    await sidebar.locator('#bulk-namePattern').fill('Proposal – {{company}}');
    await sidebar.locator('#bulk-start').click();
    await expect(sidebar.locator('#bulk-namePattern-problem').textContent()).resolves.toBe(
      'The name uses {{company}}, which no mapped column gives: map that field or take it out of the name.',
    );
    await expect(sidebar.locator('#bulk-outputFolder-problem').isHidden()).resolves.toBe(true);
    await page.locator('#sidebar').screenshot({ path: artifactPath('sidebar-bulk-problems.png') });

    await sidebar.locator('#bulk-namePattern').fill('Proposal – ');
    await sidebar.locator('#bulk-namePattern-fields button', { hasText: '{{client_name}}' }).click();
    await expect(sidebar.locator('#bulk-namePattern').inputValue()).resolves.toBe('Proposal – {{client_name}}');
    await sidebar.locator('#bulk-start').click();

    await sidebar.locator('#bulk-run:not([hidden])').waitFor({ timeout: 20_000 });
    await expect(sidebar.locator('#bulk-run-message').textContent()).resolves.toBe('Started: 20 rows to make.');
    await expect(sidebar.locator('#bulk-background').textContent()).resolves.toMatch(
      /^You can close the sidebar: a background trigger goes on/,
    );
    await expect(sidebar.locator('#bulk-progress').getAttribute('aria-live')).resolves.toBe('polite');
    await sidebar.locator('#bulk-run[data-status="finished"]').waitFor({ timeout: 120_000 });
    await expect(sidebar.locator('#bulk-progress-text').textContent()).resolves.toBe('20 done · 0 failed · 0 remaining');
    await expect(sidebar.locator('#bulk-run-status').textContent()).resolves.toBe('Finished');
    await expect(sidebar.locator('#bulk-background').isHidden()).resolves.toBe(true);
    await expect(sidebar.locator('#bulk-pause').isHidden()).resolves.toBe(true);

    const runId = (await sidebar.locator('#bulk-run').getAttribute('data-run-id'))!;
    const run = await runOf(stack, runId);
    expect(run.progress).toMatchObject({ total: 20, done: 20, failed: 0, remaining: 0 });
    expect(run.metrics.costNanoDollars).toBeGreaterThan(0);
    await expect(sidebar.locator('#bulk-cost').textContent()).resolves.toBe(`Cost so far: ${formatUsd(run.metrics.costNanoDollars / 1e9)}`);

    // Each record links its document, opened in a new tab; the sheet's link column holds the same links.
    const links = await sidebar
      .locator('#bulk-records a')
      .evaluateAll((anchors) => anchors.map((anchor) => ({ href: anchor.getAttribute('href'), target: anchor.getAttribute('target') })));
    expect(links).toHaveLength(20);
    for (const link of links)
      expect(link).toMatchObject({ href: expect.stringMatching(/^https:\/\/docs\.google\.com\/document\/d\//), target: '_blank' });
    const rows = sheetRows(stack);
    expect(rows[0]).toEqual(['client_name', 'project_name', 'consultant_name', 'start_date', 'Document link']);
    expect(new Set(rows.slice(1).map((row) => row[4]))).toEqual(new Set(links.map((link) => link.href)));
    const made = stack.harness.workspace.documentsInFolder(sampleFolderId);
    expect(made.map((document) => document.getName()).sort()).toEqual(
      rows
        .slice(1)
        .map((row) => `Proposal – ${row[0]}`)
        .sort(),
    );
    const acme = made.find((document) => document.getName() === 'Proposal – Acme Corp')!;
    expect(documentPlainText(acme)).toContain('Proposal for Acme Corp');
    expect(documentPlainText(acme)).not.toContain('<<');
    await page.locator('#sidebar').screenshot({ path: artifactPath('sidebar-bulk-done.png') });

    // In the harness, a record's link shows its document; the sample sheet shows the link column filled in.
    const acmeRow = rows.findIndex((row) => row[0] === 'Acme Corp');
    await sidebar.locator(`#bulk-records li[data-record] a[href="${rows[acmeRow]![4]}"]`).click();
    await page.locator('#document-title', { hasText: 'Proposal – Acme Corp' }).waitFor({ timeout: 10_000 });
    await page.locator('#viewing').selectOption('sheet:sample');
    await page.locator('#document table.sheet').waitFor();
    await expect(page.locator('#document table.sheet tbody tr').count()).resolves.toBe(20);
    await expect(page.locator('#document table.sheet button.open-copy').count()).resolves.toBe(20);
    await page.screenshot({ path: artifactPath('harness-sample-sheet.png') });

    // The run is in "Your runs", and reopens after the sidebar is loaded again.
    await page.reload();
    const reloaded = page.frameLocator('#sidebar');
    await reloaded.locator('main[aria-busy="false"]').waitFor({ timeout: 15_000 });
    await reloaded.locator('#tab-bulk').click();
    const listed = reloaded.locator(`#bulk-run-list li[data-run-id="${runId}"]`);
    await listed.waitFor({ timeout: 15_000 });
    await expect(listed.locator('.hint').textContent()).resolves.toBe('Finished · 20 of 20 done');
    await listed.locator('button').click();
    await reloaded.locator(`#bulk-run[data-run-id="${runId}"]`).waitFor({ timeout: 15_000 });
    await expect(reloaded.locator('#bulk-records a').count()).resolves.toBe(20);
    await page.close();
  }, 240_000);

  it('pause stops the panel working on the run; resume goes on; cancel ends it', async () => {
    addSampleBulkRunData(stack.harness.workspace);
    // Each answer takes a while, so the run is paused with most of it left.
    stack.provider.setLatency(700);
    const { page, sidebar } = await openBulkPanel(stack, browser);
    const calls = recordCalls(page);
    await loadSampleSheet(sidebar);
    await sidebar.locator('#bulk-outputFolder').fill(sample.folderUrl);
    await sidebar.locator('#bulk-name').fill('Paused proposals');
    // Each answer takes a while and none comes from the cache (the first test made these documents already), so
    // the run is still going when paused, resumed and cancelled, however fast the machine.
    stack.provider.setLatency(1000);
    await saveSampleTags(stack, 0);
    await sidebar.locator('#bulk-start').click();
    await sidebar.locator('#bulk-run:not([hidden])').waitFor({ timeout: 20_000 });
    await sidebar.locator('#bulk-progress-text', { hasText: /^[1-9]\d* done/ }).waitFor({ timeout: 60_000 });

    await sidebar.locator('#bulk-pause').click();
    await sidebar.locator('#bulk-run[data-status="paused"]').waitFor({ timeout: 15_000 });
    await expect(sidebar.locator('#bulk-run-message').textContent()).resolves.toBe(
      'Paused: no new documents are started until you resume.',
    );
    await expect(sidebar.locator('#bulk-resume').isVisible()).resolves.toBe(true);
    // The execution in flight ends its current document; then the panel calls workOnRuns no more.
    await sidebar.locator('#bulk-run[data-working="false"]').waitFor({ timeout: 30_000 });
    const runId = (await sidebar.locator('#bulk-run').getAttribute('data-run-id'))!;
    const pausedAt = await runOf(stack, runId);
    await page.waitForTimeout(2500);
    const workCallsWhilePaused = calls.filter((name) => name === 'workOnRuns').length;
    await page.waitForTimeout(3000);
    expect(calls.filter((name) => name === 'workOnRuns')).toHaveLength(workCallsWhilePaused);
    const stillPaused = await runOf(stack, runId);
    expect(stillPaused.status).toBe('paused');
    expect(stillPaused.progress.done).toBe(pausedAt.progress.done);
    expect(stillPaused.progress.remaining).toBeGreaterThan(0);
    await expect(sidebar.locator('#bulk-progress-text').textContent()).resolves.toBe(
      `${stillPaused.progress.done} done · 0 failed · ${stillPaused.progress.remaining} remaining`,
    );
    await page.locator('#sidebar').screenshot({ path: artifactPath('sidebar-bulk-paused.png') });

    await sidebar.locator('#bulk-resume').click();
    await sidebar.locator('#bulk-run[data-status="active"]').waitFor({ timeout: 15_000 });
    await sidebar
      .locator(`#bulk-progress-text`, { hasText: new RegExp(`^(?!${stillPaused.progress.done} done)\\d+ done`) })
      .waitFor({ timeout: 60_000 });
    expect(calls.filter((name) => name === 'workOnRuns').length).toBeGreaterThan(workCallsWhilePaused);

    await sidebar.locator('#bulk-cancel').click();
    await sidebar.locator('#bulk-run[data-status="cancelled"]').waitFor({ timeout: 15_000 });
    await expect(sidebar.locator('#bulk-run-status').textContent()).resolves.toBe('Cancelled');
    await expect(sidebar.locator('#bulk-cancel').isHidden()).resolves.toBe(true);
    const cancelled = await runOf(stack, runId);
    expect(cancelled.status).toBe('cancelled');
    expect(cancelled.progress.done).toBeLessThan(20);
    await page.close();
  }, 240_000);
});
