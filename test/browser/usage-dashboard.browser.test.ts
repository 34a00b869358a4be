import { mkdtempSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { builtInModels } from '../../backend/src/ai/models/model-catalog';
import type { Browser, FrameLocator, Page } from 'playwright-core';
import { createDevelopmentToken } from '../../backend/src/auth/development-token';
import { createBudgetAlertsRepository } from '../../backend/src/alerts/budget-alerts-repository';
import { defaultHarnessUser, startHarness, type RunningHarness } from '../../harness/server/start-harness';
import type { HarnessUser } from '../../harness/server/harness-workspace';
import { artifactPath, launchChromium } from '../support/chromium';
import { startLocalStack, type LocalStack } from '../support/local-stack';

const member: HarnessUser = { sub: 'dashboard-member-1', email: 'bo@example.com', hd: 'example.com' };
const newcomer: HarnessUser = { sub: 'dashboard-newcomer-1', email: 'nina@new-org.example', hd: 'new-org.example' };

async function backend<Result>(stack: LocalStack, user: HarnessUser, path: string, body?: unknown): Promise<Result> {
  const response = await fetch(`${stack.backend.url}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { authorization: `Bearer ${createDevelopmentToken(user)}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status} ${text}`);
  return JSON.parse(text) as Result;
}

/** A real fill through the backend, as the add-on sends it, with the user's token. */
async function fill(stack: LocalStack, user: HarnessUser, documentId: string, tags: Record<string, string>): Promise<void> {
  const result = await backend<{ status: string }>(stack, user, '/v1/fills', {
    documentId,
    documentName: `Proposal ${documentId}`,
    fieldValues: { client_name: 'Acme Corp' },
    tags: Object.entries(tags).map(([name, prompt]) => ({ name, configuration: { prompt } })),
  });
  expect(result.status).toBe('completed');
}

/** Opens the admin dialog as the add-on menu does, then its page on its own, large enough to read. */
async function openDashboard(browser: Browser, harness: RunningHarness): Promise<{ page: Page; dashboard: FrameLocator | Page }> {
  const run = await fetch(`${harness.url}/harness/run`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ functionName: 'showAdminSettings', args: [] }),
  });
  expect(((await run.json()) as { ok: boolean }).ok).toBe(true);
  const page = await browser.newPage({ viewport: { width: 1100, height: 900 }, acceptDownloads: true });
  await page.goto(`${harness.url}/harness/dialog`);
  await page.locator('.usage-dashboard[data-charts-drawn="true"]').waitFor({ timeout: 20_000 });
  return { page, dashboard: page };
}

async function texts(page: Page, selector: string): Promise<string[]> {
  return page.locator(selector).allTextContents();
}

describe('the usage dashboard of the admin dialog, in Chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  describe('after fills in an organisation', () => {
    let stack: LocalStack;
    const extraHarnesses: RunningHarness[] = [];
    beforeAll(async () => {
      // The operator's catalog file announces that the stack's default model shuts down in 30 days.
      const catalogFile = path.join(mkdtempSync(path.join(tmpdir(), 'dashboard-catalog-')), 'models.json');
      const luna = builtInModels.find((model) => model.provider === 'openai' && model.id === 'gpt-6-luna')!;
      writeFileSync(
        catalogFile,
        JSON.stringify({
          models: [{ ...luna, shutsDownOn: new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10), replacement: 'gpt-6-sol' }],
        }),
      );
      stack = await startLocalStack({ environment: { MODEL_CATALOG_FILE: catalogFile } });
      // The harness user signs in first and owns the organisation; the second user of the domain is a member.
      await backend(stack, defaultHarnessUser, '/v1/session');
      await backend(stack, member, '/v1/session');
      await fill(stack, defaultHarnessUser, 'dashboard-doc-1', {
        intro: 'Introduce {{client_name}}.',
        pricing: 'Price the work for {{client_name}}.',
      });
      await fill(stack, defaultHarnessUser, 'dashboard-doc-1', { intro: 'Introduce {{client_name}} again.' });
      await fill(stack, member, 'dashboard-doc-2', { member_notes: 'Notes for {{client_name}}.' });
    }, 60_000);
    afterAll(async () => {
      for (const harness of extraHarnesses) await harness.close();
      await stack?.close();
    });

    it('shows the admin the organisation: cost, tag and model breakdowns, charts, and a CSV with every row', async () => {
      // Through the harness page first, as a user opens it from the add-on menu.
      const harnessPage = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      await harnessPage.goto(stack.harness.url);
      await harnessPage.locator('#menu button[data-function-name="showAdminSettings"]').click();
      const frame = harnessPage.frameLocator('#dialog-frame');
      await frame.locator('.usage-dashboard[data-state="ready"][data-charts-drawn="true"]').waitFor({ timeout: 20_000 });
      await harnessPage.screenshot({ path: artifactPath('dashboard-in-harness.png') });
      await harnessPage.close();

      const { page } = await openDashboard(browser, stack.harness);
      const summary = await backend<{ records: number; totals: { costUsd: number; requests: number } }>(
        stack,
        defaultHarnessUser,
        `/v1/usage/summary?from=${new Date(Date.now() - 29 * 86_400_000).toISOString().slice(0, 10)}&to=${new Date().toISOString().slice(0, 10)}&scope=organisation`,
      );
      expect(summary.totals.requests).toBe(4);
      expect(summary.totals.costUsd).toBeGreaterThan(0);

      expect(await page.locator('.usage-dashboard').getAttribute('data-state')).toBe('ready');
      expect(await page.locator('.usage-dashboard').getAttribute('data-scope')).toBe('organisation');
      const cost = (await page.locator('[data-kpi="cost"] .ud-kpi-value').textContent()) ?? '';
      expect(cost).toMatch(/^\$\d/);
      expect(cost).not.toBe('$0.00');
      expect(await page.locator('[data-kpi="requests"] .ud-kpi-value').textContent()).toBe('4');
      expect(await page.locator('[data-kpi="tokens-in"] .ud-kpi-value').textContent()).toMatch(/tokens$/);

      const tagRows = await texts(page, '[data-breakdown="tag"] tbody td:first-child');
      expect(tagRows).toEqual(expect.arrayContaining(['intro', 'pricing', 'member_notes']));
      // OPENAI_BASE_URL makes the local stack's connection an OpenAI-compatible one.
      expect(await texts(page, '[data-breakdown="model"] tbody td:first-child')).toEqual(['gpt-6-luna (openai-compatible)']);
      expect(await texts(page, '[data-breakdown="user"] tbody td:first-child')).toEqual(
        expect.arrayContaining(['ana@example.com', 'bo@example.com']),
      );
      // The time chart and one chart per breakdown (model, tag, template, user, provider), each painted.
      expect(await page.locator('.usage-dashboard canvas').count()).toBe(6);
      const painted = await page.locator('#ud-chart-time').evaluate((canvas) => {
        const element = canvas as unknown as { width: number; height: number; toDataURL(): string };
        return element.width > 0 && element.height > 0 && element.toDataURL().length > 2000;
      });
      expect(painted).toBe(true);
      expect(await page.locator('.ud-scope button').allTextContents()).toEqual(['Organisation', 'Only me']);
      // The models the organisation reaches that shut down within 60 days, as the backend lists them, each with its replacement.
      const models = await backend<{ retiringSoon: { key: string; replacement: string | null; shutsDownOn: string; usedAs: string[] }[] }>(
        stack,
        defaultHarnessUser,
        '/v1/models',
      );
      // The local stack's default, GPT-6 Luna behind an OpenAI-compatible endpoint, shuts down in 30 days.
      expect(models.retiringSoon).toContainEqual({
        key: 'openai-compatible:gpt-6-luna',
        displayName: 'GPT-6 Luna',
        shutsDownOn: expect.any(String),
        daysLeft: 30,
        replacement: 'openai-compatible:gpt-6-sol',
        usedAs: ["the server's default model"],
      });
      expect(
        await page
          .locator('[data-section="retiring-models"] li')
          .evaluateAll((items) => items.map((item) => item.getAttribute('data-model'))),
      ).toEqual(models.retiringSoon.map((model) => model.key));
      for (const model of models.retiringSoon) {
        const line = (await page.locator(`[data-section="retiring-models"] li[data-model="${model.key}"]`).textContent()) ?? '';
        expect(line).toContain(`shuts down on ${model.shutsDownOn}`);
        if (model.replacement) expect(line).toContain(`Move to ${model.replacement}.`);
      }
      await page.screenshot({ path: artifactPath('dashboard-organisation.png'), fullPage: true });

      const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#ud-export').click()]);
      expect(download.suggestedFilename()).toMatch(/^usage-organisation-\d{4}-\d{2}-\d{2}-to-\d{4}-\d{2}-\d{2}\.csv$/);
      const csv = await readFile(await download.path(), 'utf8');
      const lines = csv.split('\r\n').filter((line) => line !== '');
      expect(lines[0]).toMatch(/^createdAt,day,userId,templateId/);
      expect(lines).toHaveLength(summary.records + 1);
      expect(lines.filter((line) => line.includes(',member_notes,'))).toHaveLength(1);
      expect(await page.locator('.usage-dashboard').getAttribute('data-export-rows')).toBe(String(summary.records));

      // The scope switch shows the admin's own usage only.
      await page.locator('.ud-scope button[data-scope="mine"]').click();
      await page.locator('.usage-dashboard[data-scope="mine"][data-state="ready"][data-charts-drawn="true"]').waitFor();
      expect(await page.locator('[data-kpi="requests"] .ud-kpi-value').textContent()).toBe('3');
      expect(await texts(page, '[data-breakdown="tag"] tbody td:first-child')).not.toContain('member_notes');
      await page.close();
    });

    it('shows a member only their own usage, without a scope switch', async () => {
      const harness = await startHarness({ backendUrl: stack.backend.url, user: member });
      extraHarnesses.push(harness);
      const { page } = await openDashboard(browser, harness);
      expect(await page.locator('.usage-dashboard').getAttribute('data-scope')).toBe('mine');
      expect(await page.locator('.ud-scope').count()).toBe(0);
      expect(await page.locator('[data-kpi="requests"] .ud-kpi-value').textContent()).toBe('1');
      expect(await texts(page, '[data-breakdown="tag"] tbody td:first-child')).toEqual(['member_notes']);
      expect(await page.locator('[data-breakdown="user"]').count()).toBe(0);
      await page.screenshot({ path: artifactPath('dashboard-member.png'), fullPage: true });
      await page.close();
    });

    it('shows satisfaction once generated tags are rated: overall, per day, and by model, provider, template and tag', async () => {
      const { page: before } = await openDashboard(browser, stack.harness);
      expect(await before.locator('[data-section="satisfaction"] [data-satisfaction="none"]').textContent()).toMatch(/rated yet/);
      await before.close();

      const fills = await backend<{ executions: { fillId: string; userId: string; tags: { tag: string }[] }[] }>(
        stack,
        defaultHarnessUser,
        '/v1/fills?scope=organisation&limit=10',
      );
      const rate = async (user: HarnessUser, tag: string, rating: 'up' | 'down', comment?: string) => {
        const fill = fills.executions.find(
          (execution) => execution.userId === user.sub && execution.tags.some((entry) => entry.tag === tag),
        );
        const response = await fetch(`${stack.backend.url}/v1/fills/${fill?.fillId}/feedback/${tag}`, {
          method: 'PUT',
          headers: { authorization: `Bearer ${createDevelopmentToken(user)}`, 'content-type': 'application/json' },
          body: JSON.stringify({ rating, ...(comment ? { comment } : {}) }),
        });
        expect(response.status).toBe(204);
      };
      await rate(defaultHarnessUser, 'pricing', 'down', 'Numbers made up');
      await rate(defaultHarnessUser, 'intro', 'up');
      await rate(member, 'member_notes', 'up');

      const { page } = await openDashboard(browser, stack.harness);
      const section = page.locator('[data-section="satisfaction"]');
      expect(await section.locator('[data-satisfaction="totals"]').textContent()).toBe('66.7% rated good (👍) · 3 ratings: 2 good, 1 poor');
      const rowsOf = (breakdown: string) =>
        section
          .locator(`[data-satisfaction-breakdown="${breakdown}"] tbody tr`)
          .evaluateAll((rows) => rows.map((row) => Array.from(row.querySelectorAll('td'), (cell) => cell.textContent)));
      expect(await rowsOf('model')).toEqual([['gpt-6-luna (openai-compatible)', '66.7%', '2', '1']]);
      expect(await rowsOf('provider')).toEqual([['OpenAI-compatible', '66.7%', '2', '1']]);
      expect(await rowsOf('template')).toEqual([['No template', '66.7%', '2', '1']]);
      expect(await rowsOf('tag')).toEqual([
        ['intro', '100%', '1', '0'],
        ['member_notes', '100%', '1', '0'],
        ['pricing', '0%', '0', '1'],
      ]);
      // The per-day chart painted, beside the time chart and the five breakdown charts.
      expect(await page.locator('.usage-dashboard canvas').count()).toBe(7);
      const painted = await page.locator('#ud-chart-satisfaction').evaluate((canvas) => {
        const element = canvas as unknown as { width: number; height: number; toDataURL(): string };
        return element.width > 0 && element.height > 0 && element.toDataURL().length > 2000;
      });
      expect(painted).toBe(true);
      await section.screenshot({ path: artifactPath('dashboard-satisfaction.png') });

      // The admin's own fills only.
      await page.locator('.ud-scope button[data-scope="mine"]').click();
      await page.locator('.usage-dashboard[data-scope="mine"][data-state="ready"][data-charts-drawn="true"]').waitFor();
      expect(await section.locator('[data-satisfaction="totals"]').textContent()).toBe('50% rated good (👍) · 2 ratings: 1 good, 1 poor');

      // The CSV carries each record's rating and reason.
      const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#ud-export').click()]);
      const csv = await readFile(await download.path(), 'utf8');
      expect(csv.split('\r\n')[0]).toMatch(/,feedbackRating,feedbackComment$/);
      expect(csv.split('\r\n').filter((line) => line.includes(',pricing,'))).toEqual([expect.stringMatching(/,down,Numbers made up$/)]);
      await page.close();
    });

    it('lists every alert of the organisation for the admin, newest first, with its kind, when and details; a member sees none', async () => {
      const { page: before } = await openDashboard(browser, stack.harness);
      expect(await before.locator('[data-section="alerts"] [data-alerts="none"]').textContent()).toMatch(/^No alert was raised/);
      await before.close();

      // Two budget alerts raised as the AI core raises them (the repository askAI is given), on the stack's Firestore.
      const alerts = createBudgetAlertsRepository(stack.backend.firestore.firestore);
      const month = new Date().toISOString().slice(0, 7);
      const organisationId = 'domain:example.com';
      await alerts.raise({
        organisationId,
        scope: 'org',
        period: `m:${month}`,
        level: 'alert',
        usedNanoDollars: 41_000_000_000,
        limitNanoDollars: 50_000_000_000,
      });
      await new Promise((resolve) => setTimeout(resolve, 20));
      await alerts.raise({
        organisationId,
        scope: 'org',
        period: `m:${month}`,
        level: 'critical',
        usedNanoDollars: 48_000_000_000,
        limitNanoDollars: 50_000_000_000,
      });
      const listed = await backend<{ alerts: { id: string; kind: string; level: string; text: string; raisedAt: string }[] }>(
        stack,
        defaultHarnessUser,
        '/v1/alerts?limit=20',
      );
      expect(listed.alerts.map((alert) => alert.level)).toEqual(['critical', 'alert']);

      const { page } = await openDashboard(browser, stack.harness);
      const rows = page.locator('[data-section="alerts"] tbody tr');
      expect(await rows.count()).toBe(2);
      for (const [index, alert] of listed.alerts.entries()) {
        const cells = await rows.nth(index).locator('td').allTextContents();
        expect(await rows.nth(index).getAttribute('data-alert')).toBe(alert.id);
        expect(cells[0]).toContain(`${alert.raisedAt.slice(11, 16)} UTC`);
        expect(cells[1]).toBe(`Budget (${alert.level})`);
        expect(cells[2]).toBe(alert.text);
        expect(cells[2]).toContain(alert.level === 'critical' ? '96 %' : '82 %');
      }
      await page.locator('[data-section="alerts"]').screenshot({ path: artifactPath('dashboard-alerts.png') });
      await page.close();

      // A member's dashboard (their own usage) lists no alerts.
      const harness = await startHarness({ backendUrl: stack.backend.url, user: member });
      extraHarnesses.push(harness);
      const { page: memberPage } = await openDashboard(browser, harness);
      expect(await memberPage.locator('[data-section="alerts"]').count()).toBe(0);
      await memberPage.close();
    });

    it('tells a new organisation with a connection but no usage to fill a template first', async () => {
      const harness = await startHarness({ backendUrl: stack.backend.url, user: newcomer });
      extraHarnesses.push(harness);
      const { page } = await openDashboard(browser, harness);
      expect(await page.locator('.usage-dashboard').getAttribute('data-state')).toBe('empty');
      expect(await page.locator('.ud-empty').textContent()).toContain('Fill a template from the sidebar; usage appears here');
      expect(await page.locator('#ud-export').isDisabled()).toBe(true);
      await page.screenshot({ path: artifactPath('dashboard-empty-no-usage.png'), fullPage: true });
      await page.close();
    });
  });

  describe('in an organisation without any AI connection', () => {
    let stack: LocalStack;
    beforeAll(async () => {
      stack = await startLocalStack({ withProvider: false });
    });
    afterAll(async () => {
      await stack?.close();
    });

    it('says to add an AI connection in Connections first', async () => {
      const { page } = await openDashboard(browser, stack.harness);
      expect(await page.locator('.usage-dashboard').getAttribute('data-empty')).toBe('no-connection');
      expect(await page.locator('.ud-empty').textContent()).toContain('Add an AI connection in Connections');
      await page.screenshot({ path: artifactPath('dashboard-empty-no-connection.png'), fullPage: true });
      await page.close();
    });
  });
});
