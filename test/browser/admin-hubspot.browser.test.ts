import type { Browser, Page } from 'playwright-core';
import { startHubSpotServer, type HubSpotServer } from '../../harness/hubspot-server';
import type { RunningHarness } from '../../harness/server/start-harness';
import { artifactPath, launchChromium } from '../support/chromium';
import { startLocalStack, type LocalStack } from '../support/local-stack';
import { developmentBearer } from '../support/test-backend';

/** The harness's first user (ana@example.com) is example.com's first user, so its owner. */
const owner = { sub: 'harness-user-1', email: 'ana@example.com', hd: 'example.com' };
const token = 'pat-na1-0b4e1c2d-3f4a-4b5c-8d6e-7f8091a2b3c4';
const otherToken = 'pat-eu1-11111111-2222-4333-8444-555555555555';

async function openAdminDialog(browser: Browser, harness: RunningHarness): Promise<Page> {
  const shown = (await (
    await fetch(`${harness.url}/harness/run`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ functionName: 'showAdminSettings', args: [] }),
    })
  ).json()) as { ok: boolean };
  expect(shown.ok).toBe(true);
  const page = await browser.newPage({ viewport: { width: 1000, height: 700 } });
  await page.goto(`${harness.url}/harness/dialog`);
  await page.locator('main[aria-busy="false"]').waitFor();
  return page;
}

const textOf = async (page: Page, selector: string) => ((await page.locator(selector).textContent()) ?? '').replace(/\s+/g, ' ').trim();

describe('the HubSpot screen of the admin dialog in Chromium', () => {
  let browser: Browser;
  let hubspot: HubSpotServer;
  let stack: LocalStack;
  let page: Page;

  beforeAll(async () => {
    browser = await launchChromium();
    hubspot = await startHubSpotServer({ accessToken: token });
    stack = await startLocalStack({ environment: { HUBSPOT_BASE_URL: hubspot.baseUrl } });
    page = await openAdminDialog(browser, stack.harness);
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
    await hubspot?.close();
  });

  const backendConnection = async () =>
    fetch(`${stack.backend.url}/v1/hubspot/connection`, { headers: { authorization: developmentBearer(owner) } });

  it('connects with a token HubSpot accepts, after refusing one it does not, and never shows the token again', async () => {
    await page.getByRole('tab', { name: 'HubSpot' }).click();
    await page.locator('#hubspot-not-connected').waitFor();

    // A token of the right shape that HubSpot refuses is not stored, and the admin is told why.
    await page.getByLabel('Private-app access token').fill(otherToken);
    await page.getByRole('button', { name: 'Test and save' }).click();
    await page.locator('#hubspot-status.error').waitFor();
    expect(await textOf(page, '#hubspot-status')).toMatch(/HubSpot/);
    expect((await backendConnection()).status).toBe(409);
    // A token of the wrong shape says what a token looks like.
    await page.getByLabel('Private-app access token').fill('not-a-token');
    await page.getByRole('button', { name: 'Test and save' }).click();
    await page.locator('#hubspot-status.error', { hasText: 'pat-na1-' }).waitFor();

    await page.getByLabel('Private-app access token').fill(token);
    await page.getByRole('button', { name: 'Test and save' }).click();
    await page.locator('#hubspot-status.success').waitFor({ timeout: 15_000 });
    expect(await page.getByLabel('Private-app access token').inputValue()).toBe('');
    const details = await textOf(page, '#hubspot-details');
    expect(details).toContain('…b3c4');
    expect(details).not.toContain(token);
    expect(details).toMatch(/Last test\s*Worked at .*HubSpot accepted the token/);
    expect(details).toContain('Off: save the app’s client secret');
    // The stand-in saw the token on a real call before the backend stored it.
    expect(hubspot.requests.some((request) => request.headers.authorization === `Bearer ${token}`)).toBe(true);
    expect((await backendConnection()).status).toBe(200);
    await page.screenshot({ path: artifactPath('admin-hubspot.png'), fullPage: true });
  });

  it('tests the saved token again, and reports a token HubSpot has since revoked', async () => {
    await page.getByRole('button', { name: 'Test again' }).click();
    await page.locator('#hubspot-status.success', { hasText: 'The token works' }).waitFor();
    hubspot.acceptOnly(otherToken);
    await page.getByRole('button', { name: 'Test again' }).click();
    await page.locator('#hubspot-status.error', { hasText: 'The token failed' }).waitFor();
    await page.locator('#hubspot-last-test', { hasText: 'Failed' }).waitFor();
    hubspot.acceptOnly(token);
  });

  it('disconnects after a confirmation, deleting the token', async () => {
    await page.getByRole('button', { name: 'Disconnect' }).click();
    await page.locator('[data-confirm="yes"]').click();
    await page.locator('#hubspot-not-connected').waitFor();
    expect((await backendConnection()).status).toBe(409);
  });
});
