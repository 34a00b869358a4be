import type { Browser, FrameLocator } from 'playwright-core';
import { documentToSpec } from '../../harness/fakes/document-service';
import { artifactPath, launchChromium } from '../support/chromium';
import { startLocalStack, type LocalStack } from '../support/local-stack';
import { openSidebarHarness } from '../support/sidebar-page';

/** Errors as SPEC.md section 5 sorts them: one that stops the whole fill, and one a tag's fallback absorbs. */

async function configure(sidebar: FrameLocator, fallbackForIntro?: string): Promise<void> {
  await sidebar.locator('#prompt-intro').fill('Introduce {{client_name}}.');
  await sidebar.locator('#prompt-next_steps').fill('Next steps.');
  if (fallbackForIntro) await sidebar.locator('#fallback-intro').fill(fallbackForIntro);
  await sidebar.locator('#field-client_name').fill('Acme Corp');
}

describe('the sidebar when generation fails', () => {
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
  beforeEach(() => {
    stack.harness.workspace.resetDocument();
    stack.provider.reset();
  });

  it('an invalid key stops the fill: nothing is written and the sidebar says what to do', async () => {
    stack.provider.setDefault({ kind: 'error', status: 401, message: 'Incorrect API key provided.', errorType: 'invalid_request_error' });
    const { page, sidebar } = await openSidebarHarness(stack, browser);
    const before = documentToSpec(stack.harness.workspace.document);
    await configure(sidebar);
    await sidebar.locator('#fill-all').click();
    await sidebar.locator('#result.error').waitFor({ timeout: 20_000 });
    expect(await sidebar.locator('#result .headline').textContent()).toMatch(/^Nothing was written to the document\. \S/);
    expect(documentToSpec(stack.harness.workspace.document)).toEqual(before);
    // The unsaved prompts went with the fill, and no tag claims to be generated.
    expect(stack.provider.requests.some((request) => request.path === '/v1/chat/completions')).toBe(true);
    await expect(sidebar.locator('#status-intro').textContent()).resolves.not.toBe('Generated');
    await page.locator('#sidebar').screenshot({ path: artifactPath('sidebar-aborted.png') });
    await page.close();
  });

  it('a tag whose provider call fails gets its fallback text; a tag without one gets the marker; the fill goes on', async () => {
    stack.provider.setDefault({ kind: 'content-filtered' });
    const { page, sidebar } = await openSidebarHarness(stack, browser);
    await configure(sidebar, 'An introduction will follow.');
    await sidebar.locator('#fill-all').click();
    await sidebar.locator('#result.warning').waitFor({ timeout: 20_000 });
    expect(await sidebar.locator('#result .headline').textContent()).toMatch(/1 tag used the fallback text, 1 tag failed\.$/);
    await expect(sidebar.locator('#status-intro').textContent()).resolves.toBe('Fallback used');
    await expect(sidebar.locator('#status-next_steps').textContent()).resolves.toBe('Failed');
    await expect(sidebar.locator('#status-message-next_steps').isVisible()).resolves.toBe(true);
    const written = JSON.stringify(documentToSpec(stack.harness.workspace.document));
    expect(written).toContain('An introduction will follow.');
    expect(written).toContain('[AI: could not generate next_steps');
    expect(written).not.toContain('<<ai:');
    await page.locator('#sidebar').screenshot({ path: artifactPath('sidebar-fallback.png') });
    await page.close();
  });

  it('lists every problem at once when the fill is not ready', async () => {
    const { page, sidebar } = await openSidebarHarness(stack, browser);
    const before = documentToSpec(stack.harness.workspace.document);
    // Drafts of the earlier tests may come back: set both tags explicitly. One has no prompt, one lacks a field.
    await sidebar.locator('#prompt-intro').fill('Introduce {{client_name}} for {{project_name}}.');
    await sidebar.locator('#prompt-next_steps').fill('');
    await sidebar.locator('#field-client_name').fill('');
    await sidebar.locator('#fill-all').click();
    await sidebar.locator('#result.error').waitFor({ timeout: 15_000 });
    expect(await sidebar.locator('#result .headline').textContent()).toBe('Nothing was generated. Fix these first:');
    const problems = await sidebar.locator('#result li').allTextContents();
    expect(problems.length).toBeGreaterThanOrEqual(2);
    expect(problems.join('\n')).toMatch(/next_steps/);
    expect(problems.join('\n')).toMatch(/client_name|project_name/);
    expect(documentToSpec(stack.harness.workspace.document)).toEqual(before);
    expect(stack.provider.requests.filter((request) => request.path === '/v1/chat/completions')).toHaveLength(0);
    await page.locator('#sidebar').screenshot({ path: artifactPath('sidebar-not-ready.png') });
    await page.close();
  });
});
