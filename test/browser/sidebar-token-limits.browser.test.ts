import type { Browser, FrameLocator } from 'playwright-core';
import { defaultHarnessUser } from '../../harness/server/start-harness';
import { artifactPath, launchChromium } from '../support/chromium';
import { startLocalStack, type LocalStack } from '../support/local-stack';
import { openSidebarHarness } from '../support/sidebar-page';
import { developmentBearer } from '../support/test-backend';

/**
 * Complexity and the reason for a higher output limit, set in the real sidebar: saved, shown again after a
 * reload, and honoured by the fill (the provider is asked for more than the ceiling only with a reason).
 * The organisation keeps the default policy: simple plain output has a 1024-token ceiling.
 */

const prompt = 'Write a long overview of the project.';

async function openEditor(sidebar: FrameLocator, tag: string): Promise<void> {
  const toggle = sidebar.locator(`#toggle-${tag}`);
  if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
  await sidebar.locator(`#prompt-${tag}`).waitFor();
}

async function storedIntro(stack: LocalStack): Promise<Record<string, unknown>> {
  const response = await fetch(`${stack.backend.url}/v1/templates/sample-proposal`, {
    headers: { authorization: developmentBearer(defaultHarnessUser) },
  });
  return ((await response.json()) as { tags: Record<string, Record<string, unknown>> }).tags.intro ?? {};
}

/** max_tokens of the chat requests the provider received since `from`. */
function maxTokensSent(stack: LocalStack, from: number): unknown[] {
  return (
    stack.provider.requests
      .slice(from)
      .filter((request) => request.path === '/v1/chat/completions')
      // OpenAI's chat models are sent max_completion_tokens; an unknown compatible endpoint max_tokens.
      .map((request) => {
        const body = request.body as { max_tokens?: number; max_completion_tokens?: number };
        return body.max_completion_tokens ?? body.max_tokens;
      })
  );
}

describe('the token ceiling in the sidebar', () => {
  let browser: Browser;
  let stack: LocalStack;
  beforeAll(async () => {
    browser = await launchChromium();
    stack = await startLocalStack();
  });
  afterAll(async () => {
    await stack?.close();
    await browser?.close();
  });

  it('sets complexity and a reason, saves, shows them after a reload, and the fill asks for the higher limit', async () => {
    stack.harness.workspace.resetDocument();
    const { page, sidebar } = await openSidebarHarness(stack, browser);
    await openEditor(sidebar, 'intro');
    await sidebar.locator('#prompt-intro').fill(prompt);
    await expect(sidebar.locator('#complexity-hint-intro').textContent()).resolves.toMatch(
      /^Treated as medium: default model [a-z-]+:gpt-6-luna; ceiling 2048 output tokens for plain text\.$/,
    );

    // Keyboard only: the select is reached with Tab from the model select and changed with the arrow keys.
    await sidebar.locator('#model-intro').focus();
    await page.keyboard.press('Tab');
    await expect(sidebar.locator(':focus').getAttribute('id')).resolves.toBe('complexity-intro');
    await sidebar.locator('#complexity-intro').selectOption('simple');
    await expect(sidebar.locator('#complexity-hint-intro').textContent()).resolves.toMatch(
      /^Default model [a-z-]+:gpt-6-luna; ceiling 1024 output tokens for plain text\.$/,
    );
    await expect(sidebar.locator('#justification-intro').isVisible()).resolves.toBe(false);
    await expect(sidebar.locator('#ceiling-note-intro').isVisible()).resolves.toBe(false);

    await sidebar.locator('#max-tokens-intro').fill('5000');
    await expect(sidebar.locator('#ceiling-note-intro').textContent()).resolves.toBe(
      'Above the 1024-token ceiling for simple plain output: without a reason it is lowered to 1024.',
    );
    await expect(sidebar.locator('#ceiling-note-intro').isVisible()).resolves.toBe(true);
    // Labelled, so it is found by its label as a screen reader announces it.
    const reason = sidebar.getByRole('group', { name: 'Configuration of ai:intro' }).getByLabel('Reason for a higher limit');
    await expect(reason.isVisible()).resolves.toBe(true);
    await expect(reason.locator('option').allTextContents()).resolves.toEqual([
      'No reason (keep the ceiling)',
      'long-form-section',
      'detailed-report',
      'legal-or-compliance-text',
      'table-heavy-output',
    ]);
    await reason.focus();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await expect(reason.inputValue()).resolves.toBe('detailed-report');
    await page.locator('#sidebar').screenshot({ path: artifactPath('sidebar-token-ceiling.png') });

    await sidebar.locator('#save').click();
    await sidebar.locator('#save-status.success').waitFor({ timeout: 15_000 });
    await expect(storedIntro(stack)).resolves.toMatchObject({
      prompt,
      complexity: 'simple',
      maxOutputTokens: 5000,
      tokenLimitJustification: 'detailed-report',
    });

    await page.reload();
    const reloaded = page.frameLocator('#sidebar');
    await reloaded.locator('main[aria-busy="false"]').waitFor({ timeout: 15_000 });
    await expect(reloaded.locator('#status-intro').textContent()).resolves.toBe('Configured');
    await openEditor(reloaded, 'intro');
    await expect(reloaded.locator('#complexity-intro').inputValue()).resolves.toBe('simple');
    await expect(reloaded.locator('#max-tokens-intro').inputValue()).resolves.toBe('5000');
    await expect(reloaded.locator('#justification-intro').inputValue()).resolves.toBe('detailed-report');
    await expect(reloaded.locator('#ceiling-note-intro').isVisible()).resolves.toBe(true);

    // The saved configuration is what the fill uses: the provider is asked for 5000 tokens, not 1024.
    const before = stack.provider.requests.length;
    await reloaded.locator('#fill-tag-intro').click();
    await reloaded.locator('#result.success').waitFor({ timeout: 15_000 });
    expect(maxTokensSent(stack, before)).toEqual([5000]);

    // Without the reason (an unsaved edit sent with the fill) the same tag is lowered to the ceiling.
    stack.harness.workspace.resetDocument();
    await reloaded.locator('#justification-intro').selectOption('');
    await expect(reloaded.locator('#status-intro').textContent()).resolves.toBe('Unsaved');
    const second = stack.provider.requests.length;
    await reloaded.locator('#fill-tag-intro').click();
    await reloaded.locator('#result').filter({ hasText: /./ }).waitFor({ timeout: 15_000 });
    await reloaded.locator('main[aria-busy="false"]').waitFor({ timeout: 15_000 });
    expect(maxTokensSent(stack, second)).toEqual([1024]);
    await page.close();
  });
});
