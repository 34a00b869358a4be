import type { Browser, FrameLocator, Page } from 'playwright-core';
import type { LocalStack } from './local-stack';

/** The harness in a new tab, with the sidebar loaded and idle. */
export async function openSidebarHarness(stack: LocalStack, browser: Browser): Promise<{ page: Page; sidebar: FrameLocator }> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 1500 } });
  await page.goto(stack.harness.url);
  await page.locator('#document .doc-body').waitFor();
  const sidebar = page.frameLocator('#sidebar');
  await sidebar.locator('main[aria-busy="false"]').waitFor({ timeout: 15_000 });
  return { page, sidebar };
}
