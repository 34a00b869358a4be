import type { Browser, FrameLocator, Page } from 'playwright-core';
import { documentToSpec, type BlockSpec } from '../../harness/fakes/document-service';
import { artifactPath, launchChromium } from '../support/chromium';
import { startLocalStack, type LocalStack } from '../support/local-stack';
import { openSidebarHarness } from '../support/sidebar-page';

/** The sidebar rewritten against the sidebar contract: configure, save, fill, preview, regenerate, copy. */

const introPrompt = 'Write a two-sentence introduction for {{client_name}}.';
const stepsPrompt = 'List next steps for {{project_name}}.';
const introText = 'Generated for: Write a two-sentence introduction for Acme Corp.';
const stepsText = 'Generated for: List next steps for Data platform.';

async function openEditor(sidebar: FrameLocator, tag: string): Promise<void> {
  const toggle = sidebar.locator(`#toggle-${tag}`);
  if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
  await sidebar.locator(`#prompt-${tag}`).waitFor();
}

async function shot(page: Page, state: string): Promise<void> {
  await page.locator('#sidebar').screenshot({ path: artifactPath(`sidebar-${state}.png`) });
}

function bodyText(stack: LocalStack): string {
  return JSON.stringify(documentToSpec(stack.harness.workspace.document));
}

function chatRequests(stack: LocalStack) {
  return stack.provider.requests.filter((request) => request.path === '/v1/chat/completions');
}

describe('the sidebar in Chromium', () => {
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

  it('configures a tag, saves it, and shows the saved configuration after a reload; unsaved edits come back as drafts', async () => {
    const { page, sidebar } = await openSidebarHarness(stack, browser);
    await expect(sidebar.locator('#status-intro').textContent()).resolves.toBe('Not configured');
    await openEditor(sidebar, 'intro');
    await sidebar.locator('#prompt-intro').fill('Write a two-sentence introduction for ');
    // A suggestion chip inserts {{client_name}} at the cursor.
    await sidebar.locator('#prompt-intro').press('End');
    await sidebar.locator('#suggestions-intro button', { hasText: '{{client_name}}' }).click();
    await sidebar.locator('#prompt-intro').press('End');
    await sidebar.locator('#prompt-intro').pressSequentially('.');
    await expect(sidebar.locator('#prompt-intro').inputValue()).resolves.toBe(introPrompt);
    await expect(sidebar.locator('#fields-used-intro').textContent()).resolves.toBe('Fields used: client_name');
    await sidebar.locator('#fallback-intro').fill('An introduction will follow.');
    await sidebar.locator('#temperature-intro').fill('0.4');
    await sidebar.locator('#format-intro').selectOption('markdown');
    await expect(sidebar.locator('#status-intro').textContent()).resolves.toBe('Unsaved');
    await expect(sidebar.locator('#field-client_name').getAttribute('aria-invalid')).resolves.toBe('true');
    await shot(page, 'editing');

    await sidebar.locator('#save').click();
    await sidebar.locator('#save-status.success').waitFor({ timeout: 15_000 });
    await expect(sidebar.locator('#status-intro').textContent()).resolves.toBe('Configured');
    await expect(sidebar.locator('#save').isDisabled()).resolves.toBe(true);
    await shot(page, 'saved');

    // An unsaved edit of another tag, kept as a draft (debounced) so reloading loses nothing.
    await openEditor(sidebar, 'next_steps');
    await sidebar.locator('#prompt-next_steps').fill(stepsPrompt);
    await page.waitForTimeout(2500);

    await page.reload();
    await page.frameLocator('#sidebar').locator('main[aria-busy="false"]').waitFor({ timeout: 15_000 });
    const reloaded = page.frameLocator('#sidebar');
    await expect(reloaded.locator('#status-intro').textContent()).resolves.toBe('Configured');
    await openEditor(reloaded, 'intro');
    await expect(reloaded.locator('#prompt-intro').inputValue()).resolves.toBe(introPrompt);
    await expect(reloaded.locator('#fallback-intro').inputValue()).resolves.toBe('An introduction will follow.');
    await expect(reloaded.locator('#temperature-intro').inputValue()).resolves.toBe('0.4');
    await expect(reloaded.locator('#format-intro').inputValue()).resolves.toBe('markdown');
    await expect(reloaded.locator('#status-next_steps').textContent()).resolves.toBe('Unsaved');
    await expect(reloaded.locator('#prompt-next_steps').inputValue()).resolves.toBe(stepsPrompt);
    await expect(reloaded.locator('#message').textContent()).resolves.toContain('Unsaved edits from your last session were restored');
    await shot(page, 'drafts-restored');

    // Back to plain text so the later fills compare plain runs; saved with the draft.
    await reloaded.locator('#format-intro').selectOption('plain');
    await reloaded.locator('#save').click();
    await reloaded.locator('#save-status.success').waitFor({ timeout: 15_000 });
    await expect(reloaded.locator('#status-next_steps').textContent()).resolves.toBe('Configured');
    await page.close();
  });

  it('fills all tags with per-tag progress, keeping the tag formatting', async () => {
    const { page, sidebar } = await openSidebarHarness(stack, browser);
    await expect(sidebar.locator('#status-intro').textContent()).resolves.toBe('Configured');
    // One tag answers at once, the other takes 3 s: the page shows them finishing one by one.
    stack.provider.enqueue({ kind: 'reply', latencyMs: 100 }, { kind: 'reply', latencyMs: 3000 });
    await sidebar.locator('#field-client_name').fill('Acme Corp');
    await sidebar.locator('#field-project_name').fill('Data platform');
    await sidebar.locator('#fill-all').click();

    await sidebar.locator('#progress-text', { hasText: '1 of 2 tags' }).waitFor({ timeout: 10_000 });
    const chips = [await sidebar.locator('#status-intro').textContent(), await sidebar.locator('#status-next_steps').textContent()].sort();
    expect(chips).toEqual(['Generated', 'Generating…']);
    await shot(page, 'progress');

    await sidebar.locator('#result.success').waitFor({ timeout: 15_000 });
    expect(await sidebar.locator('#result .headline').textContent()).toMatch(
      /^Filled 2 AI tags and \d+ fields in the document in \d+\.\d s\.$/,
    );
    await expect(sidebar.locator('#status-intro').textContent()).resolves.toBe('Generated');
    await expect(sidebar.locator('#status-next_steps').textContent()).resolves.toBe('Generated');

    const runs = documentToSpec(stack.harness.workspace.document).body.flatMap((block: BlockSpec) => ('runs' in block ? block.runs : []));
    expect(runs).toContainEqual(expect.objectContaining({ text: introText, italic: true, foregroundColor: '#1a73e8' }));
    expect(bodyText(stack)).toContain(stepsText);
    expect(bodyText(stack)).not.toContain('<<ai:intro>>');
    await page.locator('#document .doc-body').getByText(introText).first().waitFor({ timeout: 10_000 });
    await shot(page, 'filled');
    await page.close();
  });

  it('refuses to fill into a copy of a template with a footnote, which a copy could not carry, before calling any model', async () => {
    const { page, sidebar } = await openSidebarHarness(stack, browser);
    const before = documentToSpec(stack.harness.workspace.document);
    await sidebar.locator('#field-client_name').fill('Acme Corp');
    await sidebar.locator('#field-project_name').fill('Data platform');
    await sidebar.locator('#fill-copy').click();
    await sidebar.locator('#result.error').waitFor({ timeout: 15_000 });
    expect(await sidebar.locator('#result').textContent()).toMatch(/footnote/i);
    expect(await sidebar.locator('#result').textContent()).toMatch(/Make a copy/);
    expect(stack.harness.workspace.copies).toHaveLength(0);
    expect(chatRequests(stack)).toHaveLength(0);
    expect(documentToSpec(stack.harness.workspace.document)).toEqual(before);
    await page.close();
  });

  it('fills into a copy and links to it; the template stays as it is', async () => {
    // The sample's footnote deleted, as its author would before using Fill into a copy (see the test above).
    for (const block of (
      stack.harness.workspace.document.getBody() as unknown as { _textBlocks(): Array<{ _footnotes: unknown[] }> }
    )._textBlocks())
      block._footnotes.length = 0;
    const { page, sidebar } = await openSidebarHarness(stack, browser);
    const before = documentToSpec(stack.harness.workspace.document);
    await sidebar.locator('#field-client_name').fill('Acme Corp');
    await sidebar.locator('#field-project_name').fill('Data platform');
    await sidebar.locator('#fill-copy').click();
    await sidebar.locator('#result.success').waitFor({ timeout: 15_000 });
    expect(await sidebar.locator('#result .headline').textContent()).toMatch(/in the copy/);
    const link = sidebar.locator('#copy-link');
    await expect(link.getAttribute('target')).resolves.toBe('_blank');
    const copies = stack.harness.workspace.copies;
    expect(copies).toHaveLength(1);
    const copy = copies[0];
    expect(await link.getAttribute('href')).toContain(copy?.getId());
    expect(documentToSpec(stack.harness.workspace.document)).toEqual(before);
    const copyText = JSON.stringify(documentToSpec(copy as NonNullable<typeof copy>));
    expect(copyText).toContain(introText);
    expect(copyText).toContain(stepsText);
    expect(copyText).not.toContain('<<ai:intro>>');
    await shot(page, 'copy');
    await page.close();
  });

  it('previews, regenerates one tag (bypassing the cache) and accepts the preview', async () => {
    const { page, sidebar } = await openSidebarHarness(stack, browser);
    const before = documentToSpec(stack.harness.workspace.document);
    await sidebar.locator('#field-client_name').fill('Acme Corp');
    await sidebar.locator('#field-project_name').fill('Data platform');
    await sidebar.locator('#preview').click();
    await sidebar.locator('#preview-intro').waitFor({ timeout: 15_000 });
    await expect(sidebar.locator('#preview-intro').textContent()).resolves.toBe(introText);
    await expect(sidebar.locator('#preview-next_steps').textContent()).resolves.toBe(stepsText);
    expect(documentToSpec(stack.harness.workspace.document)).toEqual(before);
    await shot(page, 'preview');

    const requestsBefore = chatRequests(stack).length;
    stack.provider.enqueue({ kind: 'reply', text: 'A regenerated introduction for Acme Corp.' });
    await sidebar.locator('#regenerate-intro').click();
    await sidebar.locator('#preview-intro', { hasText: 'A regenerated introduction for Acme Corp.' }).waitFor({ timeout: 15_000 });
    const newRequests = chatRequests(stack).slice(requestsBefore);
    expect(newRequests).toHaveLength(1);
    expect(JSON.stringify(newRequests[0]?.body)).toContain('Write a two-sentence introduction for Acme Corp.');
    await expect(sidebar.locator('#preview-next_steps').textContent()).resolves.toBe(stepsText);
    expect(documentToSpec(stack.harness.workspace.document)).toEqual(before);
    await shot(page, 'regenerated');

    await sidebar.locator('#accept').click();
    await sidebar.locator('#result.success').waitFor({ timeout: 15_000 });
    expect(await sidebar.locator('#result').textContent()).toMatch(/^Wrote the preview into the document/);
    await expect(sidebar.locator('#preview-panel').isHidden()).resolves.toBe(true);
    expect(bodyText(stack)).toContain('A regenerated introduction for Acme Corp.');
    expect(bodyText(stack)).toContain(stepsText);
    expect(bodyText(stack)).not.toContain('<<ai:next_steps>>');
    await shot(page, 'accepted');
    await page.close();
  });

  it('a text cut off at the output limit is written, and the sidebar says so next to the tag in the preview, the result and the chip', async () => {
    const { page, sidebar } = await openSidebarHarness(stack, browser);
    // The provider stops every answer at the output limit (finish_reason "length").
    stack.provider.setDefault({ kind: 'reply', text: 'An introduction that stops in the mid', finishReason: 'length' });
    // Field values no other test uses, so no cached answer stands in for the truncated one.
    await sidebar.locator('#field-client_name').fill('Globex');
    await sidebar.locator('#field-project_name').fill('Billing migration');
    await sidebar.locator('#preview').click();
    await sidebar.locator('#preview-intro').waitFor({ timeout: 15_000 });
    const cutOff = 'The text was cut off at the maximum output length: raise the max output tokens or ask for less.';
    await expect(sidebar.locator('.preview-card[data-tag="intro"] .tag-warning').textContent()).resolves.toBe(cutOff);
    await expect(sidebar.locator('#result.warning').isVisible()).resolves.toBe(true);
    await shot(page, 'preview-truncated');
    await sidebar.locator('#discard').click();

    await sidebar.locator('#fill-all').click();
    await sidebar.locator('#result.warning').waitFor({ timeout: 15_000 });
    await expect(sidebar.locator('#result li.generated .tag-warning').first().textContent()).resolves.toBe(cutOff);
    await expect(sidebar.locator('#status-intro').textContent()).resolves.toBe('Generated');
    await expect(sidebar.locator('#status-message-intro').textContent()).resolves.toBe(`⚠ ${cutOff}`);
    // The truncated text is written all the same: the person decides what to do with it.
    expect(bodyText(stack)).toContain('An introduction that stops in the mid');
    await shot(page, 'filled-truncated');
    await page.close();
  });

  it("a save that crosses someone else's shows their version and keeps mine on request", async () => {
    const first = await openSidebarHarness(stack, browser);
    const second = await openSidebarHarness(stack, browser);
    await openEditor(first.sidebar, 'intro');
    await first.sidebar.locator('#prompt-intro').fill('Their introduction of {{client_name}}.');
    await first.sidebar.locator('#save').click();
    await first.sidebar.locator('#save-status.success').waitFor({ timeout: 15_000 });

    await openEditor(second.sidebar, 'next_steps');
    await second.sidebar.locator('#prompt-next_steps').fill('My next steps.');
    await second.sidebar.locator('#save').click();
    await second.sidebar.locator('#save-status.warning').waitFor({ timeout: 15_000 });
    expect(await second.sidebar.locator('#save-status').textContent()).toMatch(/someone else saved this template/);
    await shot(second.page, 'conflict');
    await second.sidebar.locator('#keep-mine').click();
    await second.sidebar.locator('#save-status.success').waitFor({ timeout: 15_000 });
    await expect(second.sidebar.locator('#status-next_steps').textContent()).resolves.toBe('Configured');
    await expect(second.sidebar.locator('#prompt-intro').inputValue()).resolves.toBe('Their introduction of {{client_name}}.');

    await first.page.reload();
    const reloaded = first.page.frameLocator('#sidebar');
    await reloaded.locator('main[aria-busy="false"]').waitFor({ timeout: 15_000 });
    await openEditor(reloaded, 'next_steps');
    await expect(reloaded.locator('#prompt-next_steps').inputValue()).resolves.toBe('My next steps.');
    await openEditor(reloaded, 'intro');
    await expect(reloaded.locator('#prompt-intro').inputValue()).resolves.toBe('Their introduction of {{client_name}}.');
    await first.page.close();
    await second.page.close();
  });
  it('previews a Markdown tag as the document will show it, and never runs markup the model wrote', async () => {
    const { page, sidebar } = await openSidebarHarness(stack, browser);
    await openEditor(sidebar, 'intro');
    // An unsaved edit: the fill sends it with the request.
    await sidebar.locator('#format-intro').selectOption('markdown');
    stack.provider.enqueue(
      {
        kind: 'reply',
        text: [
          '## Why **Acme**',
          '',
          'We *know* data and [our work](https://example.com/work) shows it. <img src=x onerror="document.title=\'owned\'">',
          '',
          '- First step',
          '  - A detail',
          '- Second step',
          '',
          '[a trap](javascript:alert(1))',
        ].join('\n'),
      },
      { kind: 'reply' },
    );
    await sidebar.locator('#field-client_name').fill('Acme Corp');
    await sidebar.locator('#field-project_name').fill('Data platform');
    await sidebar.locator('#preview').click();
    const preview = sidebar.locator('#preview-intro');
    await preview.waitFor({ timeout: 15_000 });
    await expect(preview.locator('.heading-2').textContent()).resolves.toBe('Why Acme');
    await expect(preview.locator('.heading-2 strong').textContent()).resolves.toBe('Acme');
    await expect(preview.locator('em').textContent()).resolves.toBe('know');
    await expect(preview.locator('a').count()).resolves.toBe(1);
    await expect(preview.locator('a').getAttribute('href')).resolves.toBe('https://example.com/work');
    await expect(preview.locator(':scope > ul > li').allTextContents()).resolves.toEqual(['First stepA detail', 'Second step']);
    await expect(preview.locator('ul ul > li').allTextContents()).resolves.toEqual(['A detail']);
    // The model's markup is shown as the literal text the document gets, and nothing of it runs.
    await expect(preview.locator('img').count()).resolves.toBe(0);
    await expect(preview.textContent()).resolves.toContain('<img src=x onerror=');
    await expect(preview.textContent()).resolves.not.toContain('**');
    expect(await sidebar.locator('body').evaluate((body) => body.ownerDocument.title)).not.toBe('owned');
    await shot(page, 'preview-markdown');
    await sidebar.locator('#discard').click();
    await sidebar.locator('#format-intro').selectOption('plain');
    await page.close();
  });
});
