import type { Browser, FrameLocator } from 'playwright-core';
import { defaultHarnessUser } from '../../harness/server/start-harness';
import { artifactPath, launchChromium } from '../support/chromium';
import { startLocalStack, type LocalStack } from '../support/local-stack';
import { openSidebarHarness } from '../support/sidebar-page';
import { developmentBearer } from '../support/test-backend';

/**
 * Cache lifetimes set in the real sidebar (a tag's own and the template's default), saved and shown again after a
 * reload; and a tag answered with its prompt's last good answer while the provider is down, labelled as such.
 */

async function openEditor(sidebar: FrameLocator, tag: string): Promise<void> {
  const toggle = sidebar.locator(`#toggle-${tag}`);
  if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
  await sidebar.locator(`#prompt-${tag}`).waitFor();
}

async function backendCall(stack: LocalStack, method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
  const response = await fetch(`${stack.backend.url}${path}`, {
    method,
    headers: { authorization: developmentBearer(defaultHarnessUser), 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: await response.json() };
}

describe('cache rules in the sidebar', () => {
  let browser: Browser;
  let stack: LocalStack;
  beforeAll(async () => {
    browser = await launchChromium();
    stack = await startLocalStack({ environment: { AI_RETRY_BASE_DELAY_MS: '1' } });
  });
  afterAll(async () => {
    await stack?.close();
    await browser?.close();
  });

  it("sets a tag to never be cached and the template's default to a week, saves, and shows both after a reload", async () => {
    stack.harness.workspace.resetDocument();
    const { page, sidebar } = await openSidebarHarness(stack, browser);
    await openEditor(sidebar, 'intro');
    await sidebar.locator('#prompt-intro').fill("Write today's welcome line.");
    const lifetime = sidebar.getByRole('group', { name: 'Configuration of ai:intro' }).getByLabel('Reuse the same answer for');
    await expect(lifetime.locator('option').first().textContent()).resolves.toBe("Template's default");
    await lifetime.selectOption({ label: 'Never' });
    await sidebar.getByLabel("Reuse answers for (this template's tags)").selectOption({ label: '1 week' });
    await page.locator('#sidebar').screenshot({ path: artifactPath('sidebar-cache-lifetime.png') });

    await sidebar.locator('#save').click();
    await sidebar.locator('#save-status.success').waitFor({ timeout: 15_000 });
    const stored = await backendCall(stack, 'get', '/v1/templates/sample-proposal');
    expect(stored.body).toMatchObject({ cacheTtlSeconds: 604_800, tags: { intro: { cacheTtlSeconds: 0 } } });
    expect(stored.body.tags.next_steps ?? {}).not.toHaveProperty('cacheTtlSeconds');

    await page.reload();
    const reloaded = page.frameLocator('#sidebar');
    await reloaded.locator('main[aria-busy="false"]').waitFor({ timeout: 15_000 });
    await expect(reloaded.locator('#template-cache-ttl').inputValue()).resolves.toBe('604800');
    await openEditor(reloaded, 'intro');
    await expect(reloaded.locator('#cache-ttl-intro').inputValue()).resolves.toBe('0');
    await expect(reloaded.locator('#save').isDisabled()).resolves.toBe(true);
    await page.close();
  });

  it('labels a tag answered with its last good answer while the provider is down', async () => {
    const settings = await backendCall(stack, 'get', '/v1/settings');
    const saved = await backendCall(stack, 'put', '/v1/settings', {
      baseVersion: settings.body.version,
      settings: { ...settings.body.settings, serveLastGoodAnswer: true },
    });
    expect(saved.status).toBe(200);
    // The template as an author saved it: intro depends on today, so it is never answered from the cache.
    const template = await backendCall(stack, 'get', '/v1/templates/sample-proposal');
    const configured = await backendCall(stack, 'put', '/v1/templates/sample-proposal', {
      baseVersion: template.status === 200 ? template.body.version : 0,
      template: { tags: { intro: { prompt: "Write today's welcome line.", cacheTtlSeconds: 0 } } },
    });
    expect(configured.status).toBe(200);
    stack.harness.workspace.resetDocument();
    stack.provider.setDefault({ kind: 'reply', text: 'Welcome, this is today’s line.', usage: { inputTokens: 12, outputTokens: 6 } });
    const { page, sidebar } = await openSidebarHarness(stack, browser);
    // The first fill is a good answer; the second finds the provider down.
    await openEditor(sidebar, 'intro');
    await sidebar.locator('#fill-tag-intro').click();
    await sidebar.locator('#result:not([hidden]):not(.busy)').waitFor({ timeout: 20_000 });
    await expect(sidebar.locator('#result').getAttribute('class')).resolves.toBe('result success');
    await expect(sidebar.locator('#result .last-good-answer').count()).resolves.toBe(0);

    await page.close();

    // The fill wrote the text over the tag: the next fill is of a fresh copy of the document, with the provider down.
    stack.harness.workspace.resetDocument();
    stack.provider.setDefault({ kind: 'error', status: 503, message: 'Service unavailable.' });
    const again = await openSidebarHarness(stack, browser);
    await openEditor(again.sidebar, 'intro');
    await again.sidebar.locator('#fill-tag-intro').click();
    await again.sidebar.locator('#result.warning').waitFor({ timeout: 20_000 });
    await expectLabelled(again.sidebar);
    await again.page.locator('#sidebar').screenshot({ path: artifactPath('sidebar-last-good-answer.png') });
    await again.page.close();
  }, 60_000);
});

async function expectLabelled(sidebar: FrameLocator): Promise<void> {
  await expect(sidebar.locator('#result .last-good-answer').textContent()).resolves.toMatch(/^Last good answer · \d+ seconds? old$/);
  await expect(sidebar.locator('#result .tag-warning').textContent()).resolves.toMatch(
    /^Every AI provider was down, so this is the last good answer/,
  );
  await expect(sidebar.locator('#status-intro').textContent()).resolves.toBe('Generated');
}
