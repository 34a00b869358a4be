import { readFile } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import type { ClaimedJob, RunView } from '../../contracts/runs';
import { createDevelopmentToken } from '../../backend/src/auth/development-token';
import { formatUsd } from '../../addon/client/admin/dashboard/format';
import { defaultHarnessUser } from '../../harness/server/start-harness';
import type { HarnessUser } from '../../harness/server/harness-workspace';
import { artifactPath, launchChromium } from '../support/chromium';
import { startLocalStack, type LocalStack } from '../support/local-stack';

/** The usage dashboard's runs list (issue 20): runs of the organisation, their metrics, records and CSV. */

const member: HarnessUser = { sub: 'runs-dashboard-member', email: 'bo@example.com', hd: 'example.com' };
const templateDocumentId = 'runs-dashboard-template';

async function backend<Result>(stack: LocalStack, user: HarnessUser, method: string, path: string, body?: unknown): Promise<Result> {
  const response = await fetch(`${stack.backend.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${createDevelopmentToken(user)}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path}: HTTP ${response.status} ${text}`);
  return (text === '' ? undefined : JSON.parse(text)) as Result;
}

async function createRun(stack: LocalStack, user: HarnessUser, name: string, rows: string[]): Promise<string> {
  const run = await backend<RunView>(stack, user, 'POST', '/v1/runs', {
    name,
    templateDocumentId,
    source: { kind: 'sheet', spreadsheetId: 'runs-dashboard-sheet', sheetName: 'Clients' },
    fieldMapping: { client_name: 'client_name' },
    outputFolderId: 'runs-dashboard-folder',
    namePattern: 'Proposal – {{client_name}}',
  });
  await backend(stack, user, 'POST', `/v1/runs/${run.runId}/records`, {
    records: rows.map((client, index) => ({
      recordKey: `row-${index + 2}`,
      fields: { client_name: client },
      sourceReference: String(index + 2),
    })),
  });
  return run.runId;
}

/** What the add-on's worker does for one job: report its copy, link it to the template, fill it, report done. */
async function makeDocument(stack: LocalStack, runId: string, job: ClaimedJob): Promise<string> {
  const copyId = `runs-dashboard-copy-${job.recordKey}`;
  const documentUrl = `https://docs.google.com/document/d/${copyId}/edit`;
  await backend(stack, defaultHarnessUser, 'POST', `/v1/runs/${runId}/jobs/${job.jobId}/document`, {
    leaseId: job.leaseId,
    documentId: copyId,
    documentUrl,
  });
  await backend(stack, defaultHarnessUser, 'POST', `/v1/templates/${templateDocumentId}/copies`, { copyDocumentId: copyId });
  const fill = await backend<{ fillId: string; status: string }>(stack, defaultHarnessUser, 'POST', '/v1/fills', {
    fillId: job.fillId,
    waitSeconds: 30,
    documentId: copyId,
    documentName: job.documentName,
    fieldValues: job.fieldValues,
    tags: [{ name: 'intro' }],
  });
  expect(fill.status).toBe('completed');
  await backend(stack, defaultHarnessUser, 'POST', `/v1/runs/${runId}/jobs/${job.jobId}/done`, {
    leaseId: job.leaseId,
    executionId: fill.fillId,
  });
  return documentUrl;
}

async function openDashboard(browser: Browser, stack: LocalStack): Promise<Page> {
  const run = await fetch(`${stack.harness.url}/harness/run`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ functionName: 'showAdminSettings', args: [] }),
  });
  expect(((await run.json()) as { ok: boolean }).ok).toBe(true);
  const page = await browser.newPage({ viewport: { width: 1100, height: 1000 }, acceptDownloads: true });
  await page.goto(`${stack.harness.url}/harness/dialog`);
  await page.locator('.ud-runs[data-state="ready"]').waitFor({ timeout: 20_000 });
  return page;
}

describe('the runs on the usage dashboard, in Chromium', () => {
  let browser: Browser;
  let stack: LocalStack;
  let finishedRunId: string;
  let documentUrls: string[];
  beforeAll(async () => {
    browser = await launchChromium();
    stack = await startLocalStack();
    // The harness user signs in first and owns example.com; the colleague is a member.
    await backend(stack, defaultHarnessUser, 'GET', '/v1/session');
    await backend(stack, member, 'GET', '/v1/session');
    await backend(stack, defaultHarnessUser, 'PUT', `/v1/templates/${templateDocumentId}`, {
      baseVersion: 0,
      template: { name: 'Proposal template', tags: { intro: { prompt: 'Write an introduction for {{client_name}}.' } } },
    });
    // The owner's run: two documents made, one record failed for good.
    finishedRunId = await createRun(stack, defaultHarnessUser, 'Q1 proposals', ['Acme Corp', 'Globex', 'Initech']);
    const { jobs } = await backend<{ jobs: ClaimedJob[] }>(stack, defaultHarnessUser, 'POST', `/v1/runs/${finishedRunId}/claims`, {
      limit: 3,
    });
    const byRow = new Map(jobs.map((job) => [job.recordKey, job]));
    documentUrls = [
      await makeDocument(stack, finishedRunId, byRow.get('row-2')!),
      await makeDocument(stack, finishedRunId, byRow.get('row-3')!),
    ];
    const failing = byRow.get('row-4')!;
    await backend(stack, defaultHarnessUser, 'POST', `/v1/runs/${finishedRunId}/jobs/${failing.jobId}/failure`, {
      leaseId: failing.leaseId,
      message: 'The output folder is not shared with you.',
      retry: false,
    });
    // The member's run, still waiting for its worker.
    await createRun(stack, member, 'Renewals', ['Hooli']);
  }, 120_000);
  afterAll(async () => {
    await stack?.close();
    await browser?.close();
  });

  it("lists the organisation's runs with status, progress, cost, tokens and who made them; a row opens its records", async () => {
    const page = await openDashboard(browser, stack);
    const finished = await backend<RunView>(stack, defaultHarnessUser, 'GET', `/v1/runs/${finishedRunId}`);
    expect(finished.metrics.costNanoDollars).toBeGreaterThan(0);

    const headings = await page.locator('#ud-runs-table thead th').allTextContents();
    expect(headings).toEqual([
      'Run',
      'Status',
      'Progress',
      'Cost',
      'Tokens',
      'Fell back',
      'Cached',
      'Failed tags',
      'Time',
      'Created by',
      'Created',
    ]);
    const rows = page.locator('#ud-runs-table tbody tr[data-run]');
    await expect(rows.count()).resolves.toBe(2);
    // Newest first: the member's run, then the owner's.
    const memberCells = await rows.nth(0).locator('td').allTextContents();
    expect(memberCells.slice(0, 3)).toEqual(['Renewals', 'Running', '0 of 1 done, 1 remaining']);
    expect(memberCells[9]).toBe('bo@example.com');
    const cells = await rows.nth(1).locator('td').allTextContents();
    expect(cells.slice(0, 3)).toEqual(['Q1 proposals', 'Finished', '2 of 3 done, 1 failed']);
    expect(cells[3]).toBe(formatUsd(finished.metrics.costNanoDollars / 1e9));
    expect(cells[4]).toMatch(/^\d/);
    expect(cells.slice(5, 8)).toEqual([
      String(finished.metrics.fellBack),
      String(finished.metrics.cached),
      String(finished.metrics.failed),
    ]);
    expect(cells[8]).toMatch(/\d+(\.\d)? (ms|s|min)$/);
    expect(cells[9]).toBe(defaultHarnessUser.email);

    const toggle = rows.nth(1).locator('button.ud-run-toggle');
    await toggle.click();
    const records = page.locator(`#ud-records-${finishedRunId} li[data-record]`);
    await records.first().waitFor({ timeout: 10_000 });
    await expect(toggle.getAttribute('aria-expanded')).resolves.toBe('true');
    expect(await records.allTextContents()).toEqual([
      'Row 2: done · Open document',
      'Row 3: done · Open document',
      'Row 4: failed · The output folder is not shared with you.',
    ]);
    const links = page.locator(`#ud-records-${finishedRunId} a`);
    expect(
      await links.evaluateAll((anchors) => anchors.map((anchor) => [anchor.getAttribute('href'), anchor.getAttribute('target')])),
    ).toEqual(documentUrls.map((url) => [url, '_blank']));
    await page.locator('.ud-runs').screenshot({ path: artifactPath('dashboard-runs.png') });
    await page.close();
  });

  it('downloads the runs as the CSV the backend exports', async () => {
    const page = await openDashboard(browser, stack);
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#ud-runs-export').click()]);
    expect(download.suggestedFilename()).toMatch(/^runs-organisation-\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = await readFile(await download.path(), 'utf8');
    const exported = await fetch(`${stack.backend.url}/v1/runs/export?scope=organisation`, {
      headers: { authorization: `Bearer ${createDevelopmentToken(defaultHarnessUser)}` },
    });
    expect(csv).toBe(await exported.text());
    const [header, ...lines] = csv.trimEnd().split('\r\n');
    expect(header).toContain('runId,name,status,finished,createdBy');
    expect(lines).toHaveLength(2);
    expect(lines.find((line) => line.startsWith(finishedRunId))).toContain('Q1 proposals,active,true,ana@example.com');
    await page.locator('.ud-runs .ud-message', { hasText: 'Exported 2 runs' }).waitFor();
    await page.close();
  });
});
