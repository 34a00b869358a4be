import { readFileSync } from 'node:fs';
import type { Browser, Frame, Page } from 'playwright-core';
import { startOpenAIServer, type ProviderServer } from '../../harness/provider-servers';
import type { RunningHarness } from '../../harness/server/start-harness';
import { artifactPath, launchChromium } from '../support/chromium';
import { startLocalStack, type LocalStack } from '../support/local-stack';
import { developmentBearer } from '../support/test-backend';

/** The harness's first user (ana@example.com) is example.com's first user, so its owner. */
const owner = { sub: 'harness-user-1', email: 'ana@example.com', hd: 'example.com' };
const member = { sub: 'harness-user-2', email: 'bo@example.com', hd: 'example.com' };
const connectionKey = 'sk-admin-dialog-key-7788';

async function backendCall(
  stack: LocalStack,
  method: string,
  path: string,
  user: typeof owner,
  body?: unknown,
): Promise<{ status: number; body: any }> {
  const response = await fetch(`${stack.backend.url}${path}`, {
    method,
    headers: { authorization: developmentBearer(user), 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, body: text === '' ? undefined : JSON.parse(text) };
}

async function run(
  harness: RunningHarness,
  functionName: string,
  args: unknown[] = [],
): Promise<{ ok: boolean; value?: any; error?: { name: string; message: string } }> {
  const response = await fetch(`${harness.url}/harness/run`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ functionName, args }),
  });
  return (await response.json()) as { ok: boolean; value?: unknown; error?: { name: string; message: string } };
}

/** Chooses "Admin settings" from the add-on menu, then opens the dialog it showed at its own size. */
async function openAdminDialog(browser: Browser, harness: RunningHarness): Promise<Page> {
  const ui = (await (await fetch(`${harness.url}/harness/ui`)).json()) as { menuItems: Array<{ caption: string; functionName: string }> };
  const item = ui.menuItems.find((menuItem) => menuItem.caption === 'Admin settings');
  expect(item?.functionName).toBe('showAdminSettings');
  const shown = await run(harness, 'showAdminSettings');
  expect(shown.ok).toBe(true);
  expect(harness.workspace.dialog?.title).toBe('AI Template Fill: admin settings');
  const page = await browser.newPage({ viewport: { width: 1000, height: 700 } });
  await page.goto(`${harness.url}/harness/dialog`);
  await page.locator('main[aria-busy="false"]').waitFor();
  return page;
}

async function openTab(page: Page, name: string): Promise<void> {
  await page.getByRole('tab', { name }).click();
  await page.getByRole('tabpanel', { name }).waitFor();
}

async function screenshot(page: Page, screen: string): Promise<void> {
  await page.screenshot({ path: artifactPath(`admin-${screen}.png`), fullPage: true });
}

type Scope = Page | Frame;
async function textOf(scope: Scope, selector: string): Promise<string> {
  return ((await scope.locator(selector).textContent()) ?? '').replace(/\s+/g, ' ').trim();
}

describe('the admin settings dialog in Chromium', () => {
  let browser: Browser;
  let stack: LocalStack;
  let connectionProvider: ProviderServer;
  let page: Page;

  beforeAll(async () => {
    browser = await launchChromium();
    stack = await startLocalStack();
    connectionProvider = await startOpenAIServer();
    // The owner signs in first (the harness's start already did through the sidebar; this makes it certain).
    expect((await backendCall(stack, 'get', '/v1/session', owner)).body.role).toBe('owner');
    expect((await backendCall(stack, 'get', '/v1/session', member)).body.role).toBe('member');
    page = await openAdminDialog(browser, stack.harness);
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
    await connectionProvider?.close();
  });

  it('shows an owner every screen, keyboard-navigable, starting with the organisation usage', async () => {
    const tabs = await page.getByRole('tab').allTextContents();
    expect(tabs).toEqual([
      'Usage',
      'Connections',
      'Models & policy',
      'Budgets & alerts',
      'Members',
      'HubSpot',
      'Configuration',
      'Audit log',
      'Billing events',
    ]);
    expect(await textOf(page, '#who')).toContain('ana@example.com · Owner');
    await page.getByRole('tab', { name: 'Usage' }).focus();
    await page.keyboard.press('ArrowRight');
    expect(await page.getByRole('tab', { name: 'Connections' }).getAttribute('aria-selected')).toBe('true');
    await page.getByRole('tab', { name: 'Usage' }).click();
    await page.locator('#usage-dashboard').waitFor();
    await screenshot(page, 'usage');
  });

  it('adds an OpenAI connection, clears the key box, shows only the last four characters, and tests it for real', async () => {
    await openTab(page, 'Connections');
    await page.getByLabel('Provider').selectOption('openai');
    await page.getByLabel('Name').fill('Team OpenAI key');
    await page.getByLabel('Key', { exact: true }).fill(connectionKey);
    await page.getByLabel('Base URL').fill(connectionProvider.baseUrl);
    await page.getByLabel('Default model').fill('gpt-6-luna');
    await page.getByRole('button', { name: 'Add connection' }).click();
    await page.locator('#add-connection-status.success').waitFor();
    expect(await page.getByLabel('Key', { exact: true }).inputValue()).toBe('');

    const row = page.locator('#connection-list tr', { hasText: 'Team OpenAI key' });
    await row.waitFor();
    const rowText = ((await row.textContent()) ?? '').replace(/\s+/g, ' ');
    expect(rowText).toContain('…7788');
    expect(rowText).not.toContain(connectionKey);
    expect(rowText).toContain('Not tested yet');

    await page.getByRole('button', { name: 'Test Team OpenAI key' }).click();
    await page.locator('#connections-status.success').waitFor({ timeout: 15_000 });
    expect(await textOf(page, '#connections-status')).toMatch(/^Team OpenAI key: works\. The key works: openai answered for gpt-6-luna/);
    await page.locator('#connection-list tr', { hasText: 'Team OpenAI key' }).locator('.ok', { hasText: 'Works' }).waitFor();
    // The test was a real call with the stored key, to the connection's own endpoint.
    expect(connectionProvider.requests.some((request) => request.headers.authorization === `Bearer ${connectionKey}`)).toBe(true);

    // Turned off, the connection keeps its key but the backend stops offering it; turned on again, it is back.
    await page.getByRole('button', { name: 'Turn off Team OpenAI key' }).click();
    await page.locator('#connection-list tr', { hasText: 'Team OpenAI key' }).getByText('Turned off').waitFor();
    expect(await textOf(page, '#connections-status')).toMatch(/Team OpenAI key is off/);
    await page.getByRole('button', { name: 'Turn on Team OpenAI key' }).click();
    await page.getByRole('button', { name: 'Turn off Team OpenAI key' }).waitFor();
    expect(await textOf(page, '#connections-status')).toMatch(/Team OpenAI key is on/);

    // A bad key is the backend's message, shown as it is.
    await page.getByLabel('Name').fill('Broken');
    await page.getByLabel('Key', { exact: true }).fill('short');
    await page.getByRole('button', { name: 'Add connection' }).click();
    await page.locator('#add-connection-status.error').waitFor();
    expect(await textOf(page, '#add-connection-status')).toMatch(/too short/);
    expect(await page.getByLabel('Key', { exact: true }).inputValue()).toBe('');
    await screenshot(page, 'connections');
  });

  it("sets a connection's rate limits in its row, refuses a limit that is not a whole number, and removes one", async () => {
    await openTab(page, 'Connections');
    await page.getByRole('button', { name: 'Rate limits of Team OpenAI key' }).click();
    const limits = page.getByRole('group', { name: 'Rate limits of Team OpenAI key' });
    await limits.getByLabel('Requests per minute').fill('2.5');
    await limits.getByRole('button', { name: 'Save limits' }).click();
    await page.locator('#connections-status.error').waitFor();
    expect(await textOf(page, '#connections-status')).toContain('Requests per minute: enter a whole number.');

    await limits.getByLabel('Requests per minute').fill('30');
    await limits.getByLabel('Tokens per minute').fill('50000');
    await limits.getByRole('button', { name: 'Save limits' }).click();
    await page.locator('#connections-status.success').waitFor();
    const row = page.locator('#connection-list tr', { hasText: 'Team OpenAI key' });
    await row.getByText('At most 30 requests and 50,000 tokens per minute').waitFor();
    const listed = await backendCall(stack, 'get', '/v1/connections', owner);
    expect(listed.body.connections.find((connection: { name: string }) => connection.name === 'Team OpenAI key')).toMatchObject({
      requestsPerMinute: 30,
      tokensPerMinute: 50_000,
    });
    await screenshot(page, 'connection-limits');

    await page.getByRole('button', { name: 'Rate limits of Team OpenAI key' }).click();
    const again = page.getByRole('group', { name: 'Rate limits of Team OpenAI key' });
    await expect(again.getByLabel('Requests per minute').inputValue()).resolves.toBe('30');
    await again.getByLabel('Requests per minute').fill('');
    await again.getByRole('button', { name: 'Save limits' }).click();
    await row.getByText('At most 50,000 tokens per minute').waitFor();
  });

  it('saves the models & policy, and offers to reload when someone else saved meanwhile', async () => {
    await openTab(page, 'Models & policy');
    await page.getByLabel('Cache lifetime (hours)').fill('2');
    await page.getByLabel('Organisation instruction').fill('Write in British English.');
    await page.getByLabel('Model for simple requests').selectOption('openai:gpt-6-luna');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.locator('#policy-status.success').waitFor();
    expect(await textOf(page, '#policy-status')).toBe('Saved (version 1).');
    const saved = await backendCall(stack, 'get', '/v1/settings', owner);
    expect(saved.body.settings).toMatchObject({
      cacheTtlSeconds: 7200,
      systemInstruction: 'Write in British English.',
      defaultModels: { simple: 'openai:gpt-6-luna' },
    });

    // Someone else saves version 2 behind the dialog's back.
    const other = await backendCall(stack, 'put', '/v1/settings', owner, {
      baseVersion: 1,
      settings: { ...saved.body.settings, cacheTtlSeconds: 3600 },
    });
    expect(other.status).toBe(200);
    await page.getByLabel('Organisation instruction').fill('Write in American English.');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.locator('[data-conflict="true"]').waitFor();
    expect(await textOf(page, '[data-conflict="true"]')).toMatch(/Someone else saved the settings meanwhile \(now version 2\)/);
    await screenshot(page, 'policy-conflict');
    await page.getByRole('button', { name: 'Reload the settings' }).click();
    await page.locator('[data-conflict="true"]').waitFor({ state: 'detached' });
    expect(await page.getByLabel('Cache lifetime (hours)').inputValue()).toBe('1');
    expect(await page.getByLabel('Organisation instruction').inputValue()).toBe('Write in British English.');
    await screenshot(page, 'policy');
  });

  it('turns on serving the last good answer when every provider is down (off by default)', async () => {
    await openTab(page, 'Models & policy');
    const toggle = page.getByLabel('When every provider is down, use the last good answer');
    await expect(toggle.isChecked()).resolves.toBe(false);
    await toggle.check();
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    // Version 3: the test above saved version 1, someone else version 2.
    await page.locator('#policy-status.success', { hasText: 'Saved (version 3).' }).waitFor();
    const saved = await backendCall(stack, 'get', '/v1/settings', owner);
    expect(saved.body.settings.serveLastGoodAnswer).toBe(true);
  });

  it('lays out the models & policy controls without overlap at the dialog width and narrower', async () => {
    await openTab(page, 'Models & policy');
    for (const width of [1000, 720]) {
      await page.setViewportSize({ width, height: 700 });
      const boxes = await page
        .getByRole('tabpanel', { name: 'Models & policy' })
        .locator('select, input, textarea')
        .evaluateAll((controls) =>
          controls
            .map((control) => {
              const box = control.getBoundingClientRect();
              return {
                id: control.id || control.getAttribute('name') || control.tagName,
                left: box.left,
                right: box.right,
                top: box.top,
                bottom: box.bottom,
              };
            })
            .filter((box) => box.right > box.left),
        );
      expect(boxes.length).toBeGreaterThan(5);
      const overflowing = boxes.filter((box) => box.right > width).map((box) => box.id);
      expect({ width, overflowing }).toEqual({ width, overflowing: [] });
      const overlapping = boxes.flatMap((a, index) =>
        boxes
          .slice(index + 1)
          .filter((b) => a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1 && b.top < a.bottom - 1)
          .map((b) => `${a.id} × ${b.id}`),
      );
      expect({ width, overlapping }).toEqual({ width, overlapping: [] });
    }
    await page.setViewportSize({ width: 1000, height: 700 });
  });

  it('sets a small organisation daily budget: after spending, the screen shows it exhausted and a fill check is refused', async () => {
    // Spend: one real fill through the backend as the owner.
    const fill = await backendCall(stack, 'post', '/v1/fills', owner, {
      documentId: 'admin-budget-doc',
      tags: [{ name: 'intro', configuration: { prompt: 'Write a short introduction for the budget test.' } }],
    });
    expect(fill.status).toBe(200);
    const cost = fill.body.results[0].cost as number;
    expect(cost).toBeGreaterThan(0);

    await openTab(page, 'Budgets & alerts');
    await page.locator('#budgets-form').waitFor();
    expect(await textOf(page, '#budget-consumption')).toBe('No budget is set: spending is not limited.');
    const limit = Number((cost / 2).toPrecision(2));
    await page.getByLabel('Organisation, per day').fill(String(limit));
    await page.getByLabel('E-mail addresses').fill('finance@example.com');
    await page.getByRole('button', { name: 'Save budgets and alerts' }).click();
    await page.locator('#budgets-status.success').waitFor();
    await page.locator('#budget-level', { hasText: 'Exhausted' }).waitFor();
    expect(await textOf(page, '[data-budget="organisation-day"]')).toMatch(
      /^Organisation, today \(\d{4}-\d{2}-\d{2}\) ?\$[\d.]+ of \$[\d.]+ \(\d+(\.\d)?%\) ?Exhausted$/,
    );

    const settings = await backendCall(stack, 'get', '/v1/settings', owner);
    expect(settings.body.settings.budgets.organisation).toEqual({ dailyUsd: limit });
    expect(settings.body.settings.alerts.emails).toEqual(['finance@example.com']);
    const check = await backendCall(stack, 'post', '/v1/fills/check', owner, {
      documentId: 'admin-budget-doc',
      tags: [{ name: 'intro', configuration: { prompt: 'Again.' } }],
    });
    expect(check.body.ready).toBe(false);
    expect(check.body.problems).toContainEqual(expect.objectContaining({ code: 'budget_exhausted' }));

    // The Google Chat webhook is write-only: "configured" and masked, never the URL back.
    const webhook = 'https://chat.googleapis.com/v1/spaces/AAAA1234/messages?key=secret-key-value&token=secret-token-value';
    await page.getByLabel('Webhook URL').fill(webhook);
    await page.getByRole('button', { name: 'Save webhook' }).click();
    await page.locator('#chat-state .ok', { hasText: 'Configured' }).waitFor();
    const panelText = (await page.getByRole('tabpanel', { name: 'Budgets & alerts' }).textContent()) ?? '';
    expect(panelText).not.toContain('secret-token-value');
    expect(await page.getByLabel('New webhook URL').inputValue()).toBe('');
    await page.getByRole('button', { name: 'Send test alert' }).click();
    await page.locator('#alert-channel-status', { hasText: 'Google Chat:' }).waitFor({ timeout: 15_000 });
    expect(await textOf(page, '#alert-channel-status')).toMatch(/Google Chat: (sent|failed|undeliverable)/);

    // Cost reports by e-mail: the admin's own choice, saved server-side as soon as a box is ticked.
    expect(await page.getByLabel('Daily report (yesterday)').isChecked()).toBe(false);
    await page.getByLabel('Daily report (yesterday)').check();
    await page.locator('#cost-reports-status.success', { hasText: 'the daily report goes to' }).waitFor({ timeout: 15_000 });
    const subscription = await backendCall(stack, 'get', '/v1/reports/subscription', owner);
    expect(subscription.body).toMatchObject({ daily: true, weekly: false });
    await screenshot(page, 'budgets');
  });

  it("shows a member only their own usage, and refuses their direct calls to admin functions with the backend's message", async () => {
    const memberHarness = await stack.openHarnessAs(member);
    const memberPage = await openAdminDialog(browser, memberHarness);
    expect(await memberPage.getByRole('tab').allTextContents()).toEqual(['Usage']);
    expect(await textOf(memberPage, '#panel-usage > h2')).toBe('Your usage');
    expect(await textOf(memberPage, '#who')).toContain('bo@example.com · Member');
    await screenshot(memberPage, 'member-usage');
    await memberPage.close();

    const refused = await run(memberHarness, 'adminCall', ['listConnections']);
    expect(refused.ok).toBe(false);
    expect(refused.error?.message).toBe('Only an organisation admin can do this; your role is member.');
    const save = await run(memberHarness, 'adminCall', ['saveAdminSettings', { baseVersion: 0, settings: {} }]);
    expect(save.error?.message).toBe('Only an organisation admin can do this; your role is member.');
  });

  it("changes a member's role, shows the backend's refusal to demote the last owner", async () => {
    await openTab(page, 'Members');
    await page.getByLabel('Role of bo@example.com').selectOption('admin');
    await page.locator('#members-status.success').waitFor();
    expect(await textOf(page, '#members-status')).toBe('bo@example.com is now admin.');
    expect((await backendCall(stack, 'get', '/v1/session', member)).body.role).toBe('admin');

    await page.getByLabel('Role of ana@example.com').selectOption('admin');
    await page.locator('#members-status.error').waitFor();
    expect(await textOf(page, '#members-status')).toBe("This is the organisation's last owner; make someone else an owner first.");
    expect(await page.getByLabel('Role of ana@example.com').inputValue()).toBe('owner');
    await screenshot(page, 'members');
  });

  it('lists the audit entries newest first, with before and after readable', async () => {
    await openTab(page, 'Audit log');
    const first = page.locator('#audit-table tbody tr').first();
    await first.waitFor();
    expect(await first.getAttribute('data-action')).toBe('member.update');
    expect(((await first.textContent()) ?? '').replace(/\s+/g, ' ')).toContain('role: member → admin');
    const actions = await page.locator('#audit-table tbody tr').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-action')));
    expect(actions).toEqual(expect.arrayContaining(['connection.create', 'settings.update', 'alerts.google-chat.set']));
    const settingsRow = page.locator('#audit-table tbody tr[data-action="settings.update"]').first();
    expect(((await settingsRow.textContent()) ?? '').replace(/\s+/g, ' ')).toMatch(/budgets\.organisation\.dailyUsd: .*\(added\)/);
    expect((await page.locator('#audit-table').textContent()) ?? '').not.toContain(connectionKey);
    await screenshot(page, 'audit');
  });
  it('gives the second user their own budget and changes the errors-spike thresholds; both are saved and shown after a reload', async () => {
    await openTab(page, 'Budgets & alerts');
    await page.locator('#budgets-form').waitFor();
    expect(await page.locator('#overrides-empty').isVisible()).toBe(true);
    await page.getByLabel('Add an override for').selectOption({ label: 'bo@example.com' });
    await page.getByRole('button', { name: 'Add override' }).click();
    const dailyBox = page.getByLabel('Daily limit for bo@example.com ($)');
    await dailyBox.waitFor();
    // bo has an override now: the choice no longer offers them.
    expect(await page.locator('#override-member option').allTextContents()).not.toContain('bo@example.com');

    // A wrong box is named and marked; nothing is saved.
    await dailyBox.fill('-1');
    await page.getByRole('button', { name: 'Save budgets and alerts' }).click();
    await page.locator('#budgets-status.error').waitFor();
    expect(await textOf(page, '#budgets-status')).toBe(
      'Daily limit for bo@example.com ($): enter a number above 0, or leave it empty for no limit.',
    );
    expect(await dailyBox.getAttribute('aria-invalid')).toBe('true');
    await page.getByLabel('Error rate (%)').fill('150');
    await dailyBox.fill('2');
    await page.getByRole('button', { name: 'Save budgets and alerts' }).click();
    await page.locator('#budgets-status.error', { hasText: 'Errors spike, error rate (%)' }).waitFor();
    expect(await page.getByLabel('Error rate (%)').getAttribute('aria-invalid')).toBe('true');

    await page.getByLabel('Monthly limit for bo@example.com ($)').fill('30');
    await page.getByLabel('Minimum requests').fill('40');
    await page.getByLabel('Error rate (%)').fill('12.5');
    await page.getByLabel('Window (minutes)').fill('60');
    await page.getByRole('button', { name: 'Save budgets and alerts' }).click();
    await page.locator('#budgets-status.success').waitFor();

    const members = await backendCall(stack, 'get', '/v1/members', owner);
    const boId = (members.body.members as Array<{ userId: string; email: string }>).find((entry) => entry.email === member.email)?.userId;
    expect(boId).toBeDefined();
    const saved = await backendCall(stack, 'get', '/v1/settings', owner);
    expect(saved.body.settings.budgets.userOverrides).toEqual({ [boId as string]: { dailyUsd: 2, monthlyUsd: 30 } });
    expect(saved.body.settings.alerts.errorSpike).toEqual({ enabled: true, minimumRequests: 40, errorRate: 0.125, windowMinutes: 60 });
    // The rest of the budgets saved earlier is untouched.
    expect(saved.body.settings.budgets.organisation.dailyUsd).toBeGreaterThan(0);
    expect(saved.body.settings.alerts.emails).toEqual(['finance@example.com']);

    // Reopened, the dialog shows the override by e-mail and the thresholds as saved.
    const reloaded = await openAdminDialog(browser, stack.harness);
    try {
      await openTab(reloaded, 'Budgets & alerts');
      await reloaded.locator('#budgets-form').waitFor();
      const row = reloaded.locator('#user-overrides tbody tr', { hasText: member.email });
      await row.waitFor();
      expect(await reloaded.getByLabel('Daily limit for bo@example.com ($)').inputValue()).toBe('2');
      expect(await reloaded.getByLabel('Monthly limit for bo@example.com ($)').inputValue()).toBe('30');
      expect(await reloaded.getByLabel('Minimum requests').inputValue()).toBe('40');
      expect(await reloaded.getByLabel('Error rate (%)').inputValue()).toBe('12.5');
      expect(await reloaded.getByLabel('Window (minutes)').inputValue()).toBe('60');
      await screenshot(reloaded, 'budgets-overrides');

      // Removed and saved, the override is gone from the settings.
      await reloaded.getByRole('button', { name: 'Remove the override for bo@example.com' }).click();
      await row.waitFor({ state: 'detached' });
      await reloaded.getByRole('button', { name: 'Save budgets and alerts' }).click();
      await reloaded.locator('#budgets-status.success').waitFor();
      expect((await backendCall(stack, 'get', '/v1/settings', owner)).body.settings.budgets.userOverrides).toEqual({});
    } finally {
      await reloaded.close();
    }
  });
  it('keeps the unsaved edits of one settings screen while the other saves, and saves them on top of it', async () => {
    const dialog = await openAdminDialog(browser, stack.harness);
    try {
      await openTab(dialog, 'Budgets & alerts');
      await dialog.locator('#budgets-form').waitFor();
      await dialog.getByLabel('Window (minutes)').fill('45');

      await openTab(dialog, 'Models & policy');
      await dialog.locator('#policy-form').waitFor();
      await dialog.getByLabel('Organisation instruction').fill('Write plainly.');
      await dialog.getByRole('button', { name: 'Save', exact: true }).click();
      await dialog.locator('#policy-status.success').waitFor();
      const policyVersion = Number(/version (\d+)/.exec(await textOf(dialog, '#policy-status'))?.[1]);

      // The budgets form still shows the edit, now based on the version just saved.
      await openTab(dialog, 'Budgets & alerts');
      expect(await dialog.getByLabel('Window (minutes)').inputValue()).toBe('45');
      expect(await textOf(dialog, '#budgets-form > .actions')).toContain(`Version ${policyVersion},`);
      await dialog.getByRole('button', { name: 'Save budgets and alerts' }).click();
      await dialog.locator('#budgets-status.success').waitFor();
      expect(await textOf(dialog, '#budgets-status')).toBe(`Saved (version ${policyVersion + 1}).`);
      const saved = await backendCall(stack, 'get', '/v1/settings', owner);
      expect(saved.body.settings.alerts.errorSpike.windowMinutes).toBe(45);
      expect(saved.body.settings.systemInstruction).toBe('Write plainly.');

      // The policy form had no edits left, so it shows the newer version.
      await openTab(dialog, 'Models & policy');
      expect(await textOf(dialog, '#policy-form > .actions')).toContain(`Version ${policyVersion + 1},`);
      expect(await dialog.getByLabel('Organisation instruction').inputValue()).toBe('Write plainly.');
    } finally {
      await dialog.close();
    }
  });

  it('downloads the configuration as YAML without keys, shows what an edited file changes, and imports it', async () => {
    await openTab(page, 'Configuration');
    await page.getByRole('button', { name: 'Download configuration' }).click();
    const exported = page.locator('#exported-configuration');
    await exported.waitFor();
    const yaml = await exported.inputValue();
    expect(yaml).toMatch(/^# Configuration of domain:example\.com/);
    expect(yaml).toContain('version: 1');
    expect(yaml).not.toContain(connectionKey);
    expect(await textOf(page, '#configuration-status')).toMatch(
      /^Downloaded example\.com-configuration-\d{4}-\d{2}-\d{2}\.yaml\. Keys are not in it\.$/,
    );

    const before = (await backendCall(stack, 'get', '/v1/settings', owner)).body.settings.cacheTtlSeconds as number;
    const edited = yaml.replace(/cacheTtlSeconds: \d+/, `cacheTtlSeconds: ${before + 60}`);
    await page.getByLabel('Or paste it').fill(edited);
    await page.getByRole('button', { name: 'Compare with the organisation' }).click();
    const row = page.locator('#configuration-outcome tbody tr');
    await row.first().waitFor();
    const cells = await row.evaluateAll((rows) =>
      rows.map((tableRow) => Array.from((tableRow as HTMLTableRowElement).cells, (cell) => cell.textContent)),
    );
    expect(cells).toEqual([['changed', 'settings.cacheTtlSeconds', `${before}`, `${before + 60}`]]);
    expect((await backendCall(stack, 'get', '/v1/settings', owner)).body.settings.cacheTtlSeconds).toBe(before);
    await screenshot(page, 'configuration');

    await page.getByRole('button', { name: 'Import these changes' }).click();
    await page.locator('#configuration-status.success').waitFor();
    expect(await textOf(page, '#configuration-status')).toBe('Imported 1 change(s).');
    expect((await backendCall(stack, 'get', '/v1/settings', owner)).body.settings.cacheTtlSeconds).toBe(before + 60);
    expect(await page.getByRole('button', { name: 'Import these changes' }).isHidden()).toBe(true);
  });

  it('lists the billing events of a period and exports them as CSV', async () => {
    // Last: the price is saved behind the dialog's back, which the screens above would meet as a conflict.
    const current = await backendCall(stack, 'get', '/v1/settings', owner);
    const priced = await backendCall(stack, 'put', '/v1/settings', owner, {
      baseVersion: current.body.version,
      settings: { ...current.body.settings, priceOverrides: { 'openai:gpt-6-luna': { input: 0.3, cachedInput: 0.15, output: 1.2 } } },
    });
    expect(priced.status).toBe(200);
    await openTab(page, 'Billing events');
    await page.getByRole('button', { name: 'Show' }).click();
    const row = page.locator('#billing-table tr[data-type="price_changed"]', { hasText: 'openai:gpt-6-luna' });
    await row.waitFor();
    expect(await textOf(page, '#billing-totals')).toMatch(/^Charged \$\d+\.\d{6}, refunded \$0\.000000 in the events shown\.$/);

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^billing-events-\d{4}-\d{2}-\d{2}-to-\d{4}-\d{2}-\d{2}\.csv$/);
    const saved = artifactPath('billing-events.csv');
    await download.saveAs(saved);
    const csv = readFileSync(saved, 'utf8');
    expect(csv.split('\r\n')[0]).toMatch(/^at,day,type,amountUsd,/);
    expect(csv).toContain('price_changed');
    await screenshot(page, 'billing');
  });
});
