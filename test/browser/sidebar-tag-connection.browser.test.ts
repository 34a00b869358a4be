import type { Browser, FrameLocator } from 'playwright-core';
import { startOpenAIServer, type ProviderServer } from '../../harness/provider-servers';
import { defaultHarnessUser } from '../../harness/server/start-harness';
import { artifactPath, launchChromium } from '../support/chromium';
import { startLocalStack, type LocalStack } from '../support/local-stack';
import { openSidebarHarness } from '../support/sidebar-page';
import { developmentBearer } from '../support/test-backend';

/**
 * A template author picks, in the real sidebar, which of two connections to one provider a tag uses: the choice
 * appears only when the provider has several, is saved with the tag, and the fill reaches that server.
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
  return { status: response.status, body: response.status === 204 ? undefined : await response.json() };
}

const completions = (server: ProviderServer) => server.requests.filter((recorded) => recorded.path === '/v1/chat/completions');

describe('choosing a connection per tag in the sidebar', () => {
  let browser: Browser;
  let stack: LocalStack;
  let serverB: ProviderServer;
  beforeAll(async () => {
    browser = await launchChromium();
    serverB = await startOpenAIServer();
    stack = await startLocalStack({ environment: { AI_RETRY_BASE_DELAY_MS: '1', FIRESTORE_DEADLINE_MS: '20000' } });
  });
  afterAll(async () => {
    await stack?.close();
    await serverB?.close();
    await browser?.close();
  });

  it('offers the choice only when the provider has several connections, saves it, and fills through that server', async () => {
    stack.harness.workspace.resetDocument();
    const first = await openSidebarHarness(stack, browser);
    await openEditor(first.sidebar, 'intro');
    // Only the server's own connection: nothing to choose.
    await expect(first.sidebar.locator('#connection-field-intro').isHidden()).resolves.toBe(true);
    await first.page.close();

    const add = async (name: string, baseUrl: string) => {
      const created = await backendCall(stack, 'post', '/v1/connections', {
        provider: 'openai',
        name,
        apiKey: `sk-${name.replace(/\W/g, '').toLowerCase()}-key`,
        baseUrl,
        defaultModel: 'gpt-6-luna',
      });
      expect(created.status).toBe(201);
      return created.body.id as string;
    };
    await add('Server A', stack.provider.baseUrl);
    const serverBId = await add('Server B', serverB.baseUrl);

    const { page, sidebar } = await openSidebarHarness(stack, browser);
    await openEditor(sidebar, 'intro');
    await sidebar.locator('#prompt-intro').fill('Write the welcome line.');
    await sidebar.locator('#model-intro').selectOption({ label: 'GPT-6 Luna (openai)' });
    const connection = sidebar.getByRole('group', { name: 'Configuration of ai:intro' }).getByLabel('Connection');
    await expect(connection.isVisible()).resolves.toBe(true);
    await expect(connection.locator('option').allTextContents()).resolves.toEqual([
      'The provider’s first connection',
      'Server A',
      'Server B',
    ]);
    await connection.selectOption({ label: 'Server B' });
    await page.locator('#sidebar').screenshot({ path: artifactPath('sidebar-tag-connection.png') });
    await sidebar.locator('#save').click();
    await sidebar.locator('#save-status.success').waitFor({ timeout: 15_000 });
    const stored = await backendCall(stack, 'get', '/v1/templates/sample-proposal');
    expect(stored.body.tags.intro).toMatchObject({ provider: 'openai', model: 'gpt-6-luna', connectionId: serverBId });

    const before = completions(stack.provider).length;
    await sidebar.locator('#fill-tag-intro').click();
    await sidebar.locator('#result:not([hidden]):not(.busy)').waitFor({ timeout: 20_000 });
    await expect(sidebar.locator('#status-intro').textContent()).resolves.toBe('Generated');
    expect(completions(serverB)).toHaveLength(1);
    expect(completions(serverB)[0]?.headers.authorization).toBe('Bearer sk-serverb-key');
    expect(completions(stack.provider)).toHaveLength(before);

    // The fill wrote over the tag: on a fresh copy of the document, after a reload, the choice is shown as saved.
    stack.harness.workspace.resetDocument();
    await page.reload();
    const reloaded = page.frameLocator('#sidebar');
    await reloaded.locator('main[aria-busy="false"]').waitFor({ timeout: 15_000 });
    await openEditor(reloaded, 'intro');
    await expect(reloaded.locator('#connection-intro').inputValue()).resolves.toBe(serverBId);
    await page.close();
  }, 90_000);
});
