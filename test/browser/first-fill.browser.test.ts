import type { Browser, Page } from 'playwright-core';
import { documentToSpec, type BlockSpec } from '../../harness/fakes/document-service';
import { artifactPath, launchChromium } from '../support/chromium';
import { startLocalStack, type LocalStack } from '../support/local-stack';

const introText = 'Generated for: Write a two-sentence introduction for Acme Corp.';

async function openHarness(stack: LocalStack, browser: Browser): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(stack.harness.url);
  await page.locator('#document .doc-body').waitFor();
  return page;
}

describe('the harness in Chromium: the first tag filled end to end', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  describe('with a provider', () => {
    let stack: LocalStack;
    beforeAll(async () => {
      stack = await startLocalStack();
    });
    afterAll(async () => {
      await stack?.close();
    });

    it('fills the AI tags and fields from the sidebar, keeping the tag formatting', async () => {
      const page = await openHarness(stack, browser);
      const sidebar = page.frameLocator('#sidebar');
      await expectVisibleText(page, '#document .doc-body', '<<ai:intro>>');

      await sidebar.locator('#prompt-intro').fill('Write a two-sentence introduction for {{client_name}}.');
      await sidebar.locator('#prompt-next_steps').fill('List next steps for {{project_name}}.');
      await sidebar.locator('#field-client_name').fill('Acme Corp');
      await sidebar.locator('#field-project_name').fill('Data platform');
      await sidebar.locator('#fill-all').click();

      await sidebar.locator('#result.success').waitFor({ timeout: 15_000 });
      expect(await sidebar.locator('#result .headline').textContent()).toMatch(/^Filled 2 AI tags and \d+ fields in the document in/);
      expect(await sidebar.locator('#status-intro').textContent()).toBe('Generated');
      expect(await sidebar.locator('#result li.generated').first().textContent()).toContain('gpt-6-luna');

      const body = page.locator('#document .doc-body');
      await expectVisibleText(page, '#document .doc-body', introText);
      const bodyText = (await body.textContent()) ?? '';
      expect(bodyText).not.toContain('<<ai:intro>>');
      expect(bodyText).toContain('Generated for: List next steps for Data platform.');
      expect(await page.locator('#document .doc-header').textContent()).toContain('Acme Corp');

      // The generated text took the tag's italic blue formatting, on the page and in the document model.
      const style = await body.getByText(introText).evaluate((element) => {
        const page = globalThis as unknown as { getComputedStyle(element: unknown): { fontStyle: string; color: string } };
        const computed = page.getComputedStyle(element);
        return { fontStyle: computed.fontStyle, color: computed.color };
      });
      expect(style).toEqual({ fontStyle: 'italic', color: 'rgb(26, 115, 232)' });
      const runs = documentToSpec(stack.harness.workspace.document).body.flatMap((block: BlockSpec) => ('runs' in block ? block.runs : []));
      expect(runs).toContainEqual(expect.objectContaining({ text: introText, italic: true, foregroundColor: '#1a73e8' }));

      const [sent] = stack.provider.requests.filter((request) => request.path === '/v1/chat/completions');
      expect(sent?.headers.authorization).toBe('Bearer sk-local-stack');
      await page.screenshot({ path: artifactPath('first-fill.png'), fullPage: true });
    });
  });

  describe('without any provider key', () => {
    let stack: LocalStack;
    beforeAll(async () => {
      stack = await startLocalStack({ withProvider: false });
    });
    afterAll(async () => {
      await stack?.close();
    });

    it('says what to configure and leaves the document untouched when Fill is pressed', async () => {
      const page = await openHarness(stack, browser);
      const sidebar = page.frameLocator('#sidebar');
      await sidebar.locator('#notice').waitFor();
      expect(await sidebar.locator('#notice').textContent()).toMatch(/OPENAI_API_KEY/);

      const before = documentToSpec(stack.harness.workspace.document);
      await sidebar.locator('#prompt-intro').fill('Introduce {{client_name}}.');
      await sidebar.locator('#prompt-next_steps').fill('Next steps.');
      await sidebar.locator('#field-client_name').fill('Acme Corp');
      await sidebar.locator('#fill-all').click();
      await sidebar.locator('#result.error').waitFor({ timeout: 15_000 });
      expect(await sidebar.locator('#result').textContent()).toMatch(/^Nothing was (written to the document|generated)\..*OPENAI_API_KEY/);
      expect(documentToSpec(stack.harness.workspace.document)).toEqual(before);
      await page.screenshot({ path: artifactPath('no-provider.png'), fullPage: true });
    });
  });
});

async function expectVisibleText(page: Page, selector: string, text: string): Promise<void> {
  await page.locator(selector).getByText(text, { exact: false }).first().waitFor({ timeout: 15_000 });
}
